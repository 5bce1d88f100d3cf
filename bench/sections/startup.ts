/**
 * Cold start (spawn → first sales.current through the browser host, the
 * renderer already built) and the running app's memory with the large
 * catalog, measured on the real start path: `npm run serve` (prestart check +
 * the dist-host bundle), after one warm-up start on the same data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../core/app/paths';
import { coldStartMs } from '../coldstart';
import { register, stats } from '../lib';
import { label, scanInputs } from './sales';
import Database from 'better-sqlite3';
import { SEARCH_QUERIES } from './catalog';

register('partida', async (ctx) => {
  const dataDir = path.join(ctx.tmp, 'cold-start');
  fs.mkdirSync(dataDir, { recursive: true });
  const first = await coldStartMs('npm', ['run', '--silent', 'serve'], projectRoot, { dataDir });
  ctx.record({ name: 'partida a frio (1ª vez: cria o banco, catálogo de exemplo)', value: first.ms, unit: 'ms', note: `npm run serve` });
  const runs: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < (ctx.quick ? 3 : 5); i++) {
    runs.push((await coldStartMs('npm', ['run', '--silent', 'serve'], projectRoot, { dataDir })).ms);
    // Baseline in the same run: a Node process that only answers one HTTP request.
    bare.push(
      (
        await coldStartMs(process.execPath, ['-e', `require('http').createServer((q,s)=>{s.setHeader('content-type','text/html');s.end(q.url.includes('api')?'{"ok":true}':'<meta name="balcao-token" content="00">')}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port+'/login?code=0')})`], projectRoot, { dataDir })
      ).ms,
    );
  }
  const s = stats(runs);
  const b = stats(bare);
  ctx.record({
    name: 'partida a frio até o 1º sales.current (npm run serve)',
    value: s.p50,
    unit: 'ms',
    target: { max: 1500, label: '≤ 1.500 ms' },
    note: `mediana de ${runs.length}; máx ${s.max.toFixed(0)} ms; Node puro com 1 rota HTTP: ${b.p50.toFixed(0)} ms (${(s.p50 / b.p50).toFixed(1)}×)`,
  });

  // The running app's memory with the large catalog: the same start path on a copy of its database.
  const large = await ctx.catalog(ctx.sizes.large);
  const bigDir = path.join(ctx.tmp, 'rss-large');
  fs.mkdirSync(bigDir, { recursive: true });
  fs.copyFileSync(large.dbFile, path.join(bigDir, 'balcao.db'));
  const db = new Database(path.join(bigDir, 'balcao.db'), { readonly: true });
  const inputs = scanInputs(db, large.size, 300, 3);
  db.close();
  const r = await coldStartMs('npm', ['run', '--silent', 'serve'], projectRoot, {
    dataDir: bigDir,
    env: { BALCAO_SAMPLE_CATALOG: '0' },
    afterStart: async (call) => {
      await call('shifts.open', { floatCents: 0 }); // "Abertura de caixa": no sale before it
      for (let i = 0; i < inputs.length; i++) {
        if (i % 50 === 49) await call('sales.discard', {});
        await call('sales.scan', { text: inputs[i] });
      }
      for (const q of SEARCH_QUERIES) await call('catalog.search', { query: q, limit: 20 });
    },
  });
  ctx.record({
    name: `RSS do app (host + core + sandboxes) com ${label(large.size)} produtos`,
    value: r.rssMb,
    unit: 'MB',
    target: large.size >= 1_000_000 ? { max: 120, label: '≤ 120 MB' } : undefined,
    note: `o processo node do app (sem o npm), após ${inputs.length} scans e ${SEARCH_QUERIES.length} buscas por nome; anônima ${r.anonMb.toFixed(0)} MB (heap do V8, malloc), arquivos ${r.fileMb.toFixed(0)} MB (binário do node, bibliotecas)`,
  });
});
