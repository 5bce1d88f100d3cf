/**
 * `npm run bench` — a benchmark, never a test. Prints a table with the
 * targets beside the figures and writes bench/results/latest.json.
 *
 *   npm run bench                   100k and 1M products (~1–2 min on 2 cores)
 *   npm run bench -- --quick        10k and 100k (a quick look while working)
 *   npm run bench -- --only venda   just the sections named (comma-separated)
 *   npm run bench -- --keep         keep the temp folder with the SQLite files
 *
 * Everything runs on real SQLite files in a temp folder (os.tmpdir(); set
 * BALCAO_BENCH_DIR to measure another disk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFixtures, registeredSections, type BenchContext, type Metric } from './lib';

// ---- sections: add new ones here (each file calls register()) ----
import './sections/sales';
import './sections/catalog';
import './sections/printing';
import './sections/sales-query';
import './sections/host';
import './sections/screen-sale';
import './sections/loyalty';
import './sections/startup';
import './sections/durability';
import './sections/sync';
import './sections/access';
import './sections/weight';
import './sections/retaguarda';
import './sections/retaguarda-snapshot';
import './sections/retaguarda-crash';
import './sections/painel';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',').map((s) => s.trim())) : null;

const here = path.dirname(fileURLToPath(import.meta.url));
const base = process.env.BALCAO_BENCH_DIR || os.tmpdir();
fs.mkdirSync(base, { recursive: true });
const tmp = fs.mkdtempSync(path.join(base, 'balcao-bench-'));
const started = Date.now();
const metrics: Metric[] = [];
const log = (line: string) => process.stderr.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
const catalog = createFixtures(tmp, log);

const sizes = quick ? { small: 10_000, large: 100_000 } : { small: 100_000, large: 1_000_000 };
const load0 = os.loadavg();

try {
  for (const section of registeredSections()) {
    if (only && !only.has(section.name)) continue;
    log(`seção ${section.name}`);
    const ctx: BenchContext = {
      tmp,
      sizes,
      quick,
      catalog,
      log,
      record: (m) => metrics.push({ section: section.name, ...m }),
    };
    await section.fn(ctx);
  }
} finally {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else log(`arquivos mantidos em ${tmp}`);
}

// ---- report ----
const fmt = (v: number, unit: string) => {
  const digits = unit === 'ms' ? (v < 10 ? 3 : 1) : unit === '×' ? 2 : unit === 's' ? 2 : 0;
  return `${v.toLocaleString('pt-BR', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
};
const rows = metrics.map((m) => {
  const ok = m.target ? m.value <= m.target.max : undefined;
  return [m.section, m.name, fmt(m.value, m.unit), m.target ? m.target.label : '', ok === undefined ? '' : ok ? '✓' : '✗', m.note ?? ''];
});
const header = ['seção', 'medida', 'valor', 'meta', '', 'obs.'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
console.log('');
console.log(line(header));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
const load1 = os.loadavg();
const env = {
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? '',
  loadavg1mStart: load0[0],
  loadavg1mEnd: load1[0],
  dir: base,
  quick,
  seconds: (Date.now() - started) / 1000,
};
console.log('');
console.log(
  `Node ${env.node}, ${env.cpus} CPUs, carga média 1 min ${env.loadavg1mStart.toFixed(1)} → ${env.loadavg1mEnd.toFixed(1)}, ` +
    `${env.seconds.toFixed(0)} s no total. Tempos incluem o fsync do SQLite no disco de ${base}.`,
);

const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const out = {
  date: new Date().toISOString(),
  environment: env,
  metrics: metrics.map((m) => ({ ...m, ok: m.target ? m.value <= m.target.max : null })),
};
fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`JSON: ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);
