/** Catalog import rate (CSV bytes → parsed → in SQLite incl. FTS) and name search latency. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCore, register, runChild, stats, timeMs } from '../lib';
import { label } from './sales';

/** What cashiers type: 1–3 words, prefixes, with and without accents. */
export const SEARCH_QUERIES = [
  'arroz', 'arroz tio joao', 'feijao', 'feijão carioca', 'acucar', 'açúcar refinado união', 'cafe', 'café pilão',
  'cafe 3 cor', 'leite', 'leite ninho', 'leite cond moça', 'oleo soja', 'macarrao esp', 'refri', 'refrigerante coca',
  'guarana', 'cerveja', 'cerveja skol lata', 'heineken', 'agua', 'água mineral gás', 'deterg', 'detergente ypê',
  'sabao po', 'sabão em pó omo', 'amaciante', 'papel hig', 'papel higiênico neve', 'shampoo', 'shampoo seda',
  'creme dental colgate', 'sabonete dove', 'desodorante rexona', 'fralda pampers g', 'pao', 'pão de forma', 'biscoito',
  'bisc recheado', 'racao', 'ração golden', 'whiskas', 'choc', 'chocolate lacta', 'caderno', 'caneta bic azul', 'pilha',
  'ovos', 'banana prata', 'alface', 'queijo', 'presunto sadia', 'margarina qualy', 'iogurte', 'pizza', 'sorvete kibon',
  'vinho tinto', 'cachaca 51', 'vodca', 'pa', 'ca', 'mo', 'lim', 'sab', 'a', 'x',
];

register('catálogo', async (ctx) => {
  const small = await ctx.catalog(ctx.sizes.small);
  const large = await ctx.catalog(ctx.sizes.large);
  for (const f of [small, large]) {
    const s = f.importMs / 1000;
    ctx.record({
      name: `importação ${label(f.size)} linhas (${(f.csvBytes / 1e6).toFixed(0)} MB CSV, em streaming)`,
      value: s,
      unit: 's',
      target: f.size === 1_000_000 ? { max: 8, label: '≤ 8 s' } : undefined,
      note: `${Math.round(f.size / s).toLocaleString('pt-BR')} linhas/s`,
    });
    ctx.record({
      name: `  pico de RSS da importação ${label(f.size)}`,
      value: f.importRssMb,
      unit: 'MB',
      target: f.size === 1_000_000 ? { max: 300, label: '≤ 300 MB' } : undefined,
    });
  }
  // Baseline in the same run: the same file read in chunks, papaparse, one INSERT per row (no checks, no EANs, no index).
  const bare = JSON.parse(
    await runChild(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'import-child.ts'), [large.csvFile, path.join(large.dir, 'bare-import.db'), '--bare']),
  ) as { millis: number; rssMb: number };
  ctx.record({
    name: `  importação ${label(large.size)} ÷ parse+insert puro`,
    value: large.importMs / bare.millis,
    unit: '×',
    note: `puro: ${(bare.millis / 1000).toFixed(2)} s, pico ${bare.rssMb.toFixed(0)} MB; RSS ÷ puro ${(large.importRssMb / bare.rssMb).toFixed(2)}×`,
  });

  const core = openCore(large.dbFile);
  for (const q of SEARCH_QUERIES) core.catalog.search(q); // warm-up
  const times: number[] = [];
  let hits = 0;
  for (let rep = 0; rep < 8; rep++) {
    for (const q of SEARCH_QUERIES) {
      times.push(timeMs(() => (hits += core.catalog.search(q, 20).length)));
    }
  }
  core.close();
  const s = stats(times);
  ctx.record({ name: `busca por nome p50 @ ${label(large.size)}`, value: s.p50, unit: 'ms' });
  ctx.record({
    name: `busca por nome p95 @ ${label(large.size)}`,
    value: s.p95,
    unit: 'ms',
    target: { max: 10, label: '≤ 10 ms' },
    note: `${SEARCH_QUERIES.length} consultas × 8; média ${(hits / times.length).toFixed(1)} resultados`,
  });
});
