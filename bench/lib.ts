/**
 * The benchmark's small framework: sections register themselves, record
 * metrics (with an optional target), and share catalog fixtures (generated
 * CSV + imported SQLite file in a temp dir, built once per size).
 *
 * Adding a section (e.g. "receipt build+encode"): create bench/sections/<x>.ts
 * that calls `register('nome', async (ctx) => { ... ctx.record({...}) })` and
 * import it in bench/run.ts. Use `sample()` + `stats()` for latencies.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogRepo } from '../core/catalog/repo';
import { openDatabase, type Db } from '../core/db/open';
import { CONFIRM_LINE_ABOVE_CENTS_KEY, CONFIRM_QUANTITY_ABOVE_KEY } from '../core/sales/limits';
import { SalesService } from '../core/sales/service';
import { OperatorsRepo } from '../core/users/operators';
import { writeCatalogCsv } from '../tools/generate-sample-catalog';

export interface Target {
  /** The figure must be at most this (same unit as the metric). */
  max: number;
  /** How the target reads in the table, e.g. "≤ 2 ms". */
  label: string;
}

export interface Metric {
  section: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  note?: string;
}

export interface CatalogFixture {
  size: number;
  dir: string;
  dbFile: string;
  csvFile: string;
  csvBytes: number;
  /** Import done in a child process: CSV bytes → parsed → in SQLite incl. FTS. */
  importMs: number;
  importRssMb: number;
}

export interface BenchContext {
  /** Temp folder of this run (removed at the end unless --keep). */
  tmp: string;
  /** Catalog sizes of this run: [small, large] (100k and 1M; --quick: 10k and 100k). */
  sizes: { small: number; large: number };
  quick: boolean;
  catalog(size: number): Promise<CatalogFixture>;
  record(m: Omit<Metric, 'section'>): void;
  log(line: string): void;
}

export type SectionFn = (ctx: BenchContext) => Promise<void> | void;

const sections: { name: string; fn: SectionFn }[] = [];

/** Registers a benchmark section; sections run in registration (import) order. */
export function register(name: string, fn: SectionFn): void {
  if (sections.some((s) => s.name === name)) throw new Error(`bench section registered twice: ${name}`);
  sections.push({ name, fn });
}

export function registeredSections(): readonly { name: string; fn: SectionFn }[] {
  return sections;
}

// ---- timing ----------------------------------------------------------------

/** Milliseconds taken by fn (process.hrtime.bigint). */
export function timeMs(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs fn `n` times (after `warmup` untimed runs) and returns the latencies in ms. */
export function sample(n: number, fn: (i: number) => unknown, warmup = 0): number[] {
  for (let i = 0; i < warmup; i++) fn(-1 - i);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = timeMs(() => fn(i));
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export interface Stats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

/** Seeded PRNG for reproducible inputs (the sample catalog's generator). */
export { prng as rng } from '../tools/generate-sample-catalog';

// ---- the core under test ----------------------------------------------------

export interface BenchCore {
  db: Db;
  catalog: CatalogRepo;
  sales: SalesService;
  close(): void;
}

/** The catalog and sales services exactly as compose.ts wires them, over a real SQLite file. */
export function openCore(dbFile: string): BenchCore {
  const db = openDatabase(dbFile);
  const catalog = new CatalogRepo(db);
  const operators = new OperatorsRepo(db);
  let seq = 0;
  const sales = new SalesService({
    db,
    catalog,
    now: () => new Date(),
    newId: () => `bench-${process.pid}-${Date.now()}-${++seq}`,
    operator: () => operators.current(),
    series: '1',
  });
  return { db, catalog, sales, close: () => db.close() };
}

// ---- catalog fixtures ---------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));

export function createFixtures(tmp: string, log: (l: string) => void): (size: number) => Promise<CatalogFixture> {
  const cache = new Map<number, Promise<CatalogFixture>>();
  return (size) => {
    let f = cache.get(size);
    if (!f) {
      f = buildFixture(tmp, size, log);
      cache.set(size, f);
    }
    return f;
  };
}

async function buildFixture(tmp: string, size: number, log: (l: string) => void): Promise<CatalogFixture> {
  const dir = path.join(tmp, `catalog-${size}`);
  fs.mkdirSync(dir, { recursive: true });
  const csvFile = path.join(dir, 'catalog.csv');
  const dbFile = path.join(dir, 'balcao.db');
  log(`gerando catálogo de ${size.toLocaleString('pt-BR')} produtos…`);
  const csvBytes = writeCatalogCsv(csvFile, size);
  log(`importando ${(csvBytes / 1e6).toFixed(0)} MB (processo separado)…`);
  const r = await runChild(path.join(here, 'import-child.ts'), [csvFile, dbFile]);
  const res = JSON.parse(r) as { millis: number; inserted: number; errorCount: number; rssMb: number };
  if (res.inserted !== size || res.errorCount !== 0) throw new Error(`import of ${size} rows: ${r}`);
  // The bench's random "6*EAN" inputs may pass the till's line limits (R$ 10.000,00): a cashier would confirm
  // with Enter; the bench measures the scan path itself, so the fixture raises the limits once.
  const db = openDatabase(dbFile);
  const raise = db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`);
  raise.run(CONFIRM_QUANTITY_ABOVE_KEY, String(Number.MAX_SAFE_INTEGER));
  raise.run(CONFIRM_LINE_ABOVE_CENTS_KEY, String(Number.MAX_SAFE_INTEGER));
  db.close();
  return { size, dir, dbFile, csvFile, csvBytes, importMs: res.millis, importRssMb: res.rssMb };
}

export function runChild(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`${script} saiu com ${code}: ${err}`))));
  });
}
