/**
 * scan→cart through the core (SalesService.scan: lookup + cart update + the
 * SQLite commit + the returned Sale), at the small and the large catalog;
 * finalize vs a bare fsync'd commit measured interleaved in the same run;
 * core RSS after the large catalog's scans.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Db } from '../../core/db/open';
import { openCore, register, rng, stats, timeMs, type BenchContext, type BenchCore } from '../lib';

const SCANS = 2000;
const CART_SIZE = 50;

/** A WAL + synchronous=FULL database whose commit is one fsync'd one-row INSERT: the floor of any durable write. */
export function bareCommitter(file: string): { commit: () => number; close: () => void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
  let i = 0;
  return { commit: () => timeMs(() => ins.run(`linha ${++i}`)), close: () => db.close() };
}

/** What a cashier scans: mostly EANs, some internal codes, some "3*EAN". */
export function scanInputs(db: Db, size: number, n: number, seed: number): string[] {
  const rand = rng(seed);
  const eanOf = db.prepare<[number], { ean: string }>('SELECT ean FROM product_eans WHERE code = ? LIMIT 1');
  const out: string[] = [];
  while (out.length < n) {
    const code = 1 + Math.floor(rand() * size);
    const r = rand();
    const ean = eanOf.get(code)?.ean;
    if (r < 0.1 || !ean) out.push(String(code));
    else if (r < 0.2) out.push(`${2 + Math.floor(rand() * 5)}*${ean}`);
    else out.push(ean);
  }
  return out;
}

function payAndFinalize(core: BenchCore): number {
  const sale = core.sales.current();
  if (sale.lines.length === 0) return 0;
  core.sales.addPayment(1, sale.totals.netCents - sale.totals.paidCents);
  return timeMs(() => core.sales.finalize());
}

function scanRun(ctx: BenchContext, core: BenchCore, size: number, label: string, bareFile: string) {
  const inputs = scanInputs(core.db, size, SCANS + 100, size);
  const bare = bareCommitter(bareFile);
  // Warm-up: statement caches, page cache of the hot B-tree levels.
  for (const code of inputs.slice(SCANS)) core.sales.scan(code);
  payAndFinalize(core);
  const scans: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < SCANS; i++) {
    if (i > 0 && i % CART_SIZE === 0) payAndFinalize(core); // a fresh open sale every 50 scans
    scans.push(timeMs(() => core.sales.scan(inputs[i])));
    bareTimes.push(bare.commit());
  }
  payAndFinalize(core);
  bare.close();
  const s = stats(scans);
  const b = stats(bareTimes);
  ctx.record({ name: `scan→cart p50 @ ${label}`, value: s.p50, unit: 'ms' });
  ctx.record({
    name: `scan→cart p95 @ ${label}`,
    value: s.p95,
    unit: 'ms',
    target: size >= 1_000_000 ? { max: 0.1, label: '≤ 0,1 ms' } : undefined,
  });
  ctx.record({
    name: `  commit fsync'd puro p95 (intercalado)`,
    value: b.p95,
    unit: 'ms',
    note: `p50 ${ms(b.p50)}; scan p95 − commit p95 = ${ms(s.p95 - b.p95)}`,
  });
}

register('venda', async (ctx) => {
  const small = await ctx.catalog(ctx.sizes.small);
  const large = await ctx.catalog(ctx.sizes.large);

  let core = openCore(small.dbFile);
  scanRun(ctx, core, small.size, label(small.size), path.join(small.dir, 'bare-scan.db'));
  core.close();

  core = openCore(large.dbFile);
  scanRun(ctx, core, large.size, label(large.size), path.join(large.dir, 'bare-scan.db'));
  ctx.record({
    name: `RSS do processo do bench com ${label(large.size)} produtos após os scans`,
    value: process.memoryUsage().rss / 1024 / 1024,
    unit: 'MB',
    note: 'inclui tsx e a geração dos catálogos; o do app está em "partida"',
  });

  // The whole sale as the cashier makes it: 3 scans + one cash payment + finalize (timed together),
  // interleaved with one bare fsync'd commit (the floor of any durable write) in the same run.
  {
    const rounds = ctx.quick ? 300 : 2000;
    const inputs = scanInputs(core.db, large.size, rounds * 3, 11);
    const bare = bareCommitter(path.join(large.dir, 'bare-sale.db'));
    const sale: number[] = [];
    const bareTimes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = timeMs(() => {
        core.sales.scan(inputs[r * 3]);
        core.sales.scan(inputs[r * 3 + 1]);
        const s = core.sales.scan(inputs[r * 3 + 2]);
        core.sales.addPayment(1, s.totals.netCents);
        core.sales.finalize();
      });
      const b = bare.commit();
      if (r >= 20) {
        sale.push(t);
        bareTimes.push(b);
      }
    }
    bare.close();
    const v = stats(sale);
    const b = stats(bareTimes);
    ctx.record({ name: 'venda inteira (3 scans + pagamento + finalizar) p50', value: v.p50, unit: 'ms' });
    ctx.record({ name: 'venda inteira p95', value: v.p95, unit: 'ms' });
    ctx.record({ name: "  commit fsync'd puro p50 / p95 (intercalado)", value: b.p50, unit: 'ms', note: `p95 ${ms(b.p95)}` });
    ctx.record({ name: 'venda inteira p50 ÷ commit puro p50', value: v.p50 / b.p50, unit: '×', target: { max: 1.3, label: '≤ 1,3×' } });
    ctx.record({ name: 'venda inteira p95 ÷ commit puro p95', value: v.p95 / b.p95, unit: '×' });
  }

  // finalize: a realistic 5-item sale paid in cash, then finalize (timed), then one bare commit (timed).
  const rounds = ctx.quick ? 150 : 3000; // p99 of fsync-bound commits needs a few thousand samples to settle
  const inputs = scanInputs(core.db, large.size, rounds * 5, 7);
  const bare = bareCommitter(path.join(large.dir, 'bare-finalize.db'));
  const fin: number[] = [];
  const bareTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < 5; k++) core.sales.scan(inputs[r * 5 + k]);
    const ms = payAndFinalize(core);
    if (r >= 10) fin.push(ms); // first ten: warm-up
    const b = bare.commit();
    if (r >= 10) bareTimes.push(b);
  }
  bare.close();
  core.close();
  const f = stats(fin);
  const b = stats(bareTimes);
  ctx.record({ name: 'finalize p50', value: f.p50, unit: 'ms' });
  ctx.record({ name: 'finalize p99', value: f.p99, unit: 'ms' });
  ctx.record({ name: "commit fsync'd puro p50", value: b.p50, unit: 'ms' });
  ctx.record({ name: "commit fsync'd puro p99", value: b.p99, unit: 'ms' });
  ctx.record({ name: 'finalize p99 ÷ commit puro p99', value: f.p99 / b.p99, unit: '×', target: { max: 1.5, label: '≤ 1,5×' } });
  ctx.record({ name: 'finalize p50 ÷ commit puro p50', value: f.p50 / b.p50, unit: '×' });
});

const ms = (v: number) => `${v.toLocaleString('pt-BR', { maximumFractionDigits: 3 })} ms`;

export function label(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
}
