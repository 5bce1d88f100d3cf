/**
 * Minhas vendas at a busy store's volume: seeds N sales (1M; --quick 100k)
 * straight into a migrated SQLite file (one transaction, prepared statements,
 * secondary indexes dropped during the load and rebuilt after), then measures
 * what the screen does for each filter combination — the first page (50 rows,
 * keyset) plus the count and total of the filtered sales — and reports p95.
 *
 *   npm run bench -- --only vendas-filtros            (1M)
 *   npm run bench -- --quick --only vendas-filtros    (100k)
 *   BALCAO_BENCH_SALES=20000 npm run bench -- --only vendas-filtros
 */
import path from 'node:path';
import type { SalesFilter } from '../../shared/api/sales-query';
import { HOURLY_REBUILD_SQL } from '../../core/db/migrations/008_backoffice';
import { openDatabase } from '../../core/db/open';
import { paymentFormBit, SalesQuery } from '../../core/sales-query/query';
import { dailyReport } from '../../core/reports/daily';
import { ExportService } from '../../core/exports/service';
import { register, rng, stats, timeMs, type BenchContext } from '../lib';
import { label } from './sales';

const DAYS = 365;
const FORMS = [1, 3, 4, 17];
const OPERATORS = 6;
const CPF_POOL = 50_000;
const RUNS = 60;
const END = Date.parse('2026-11-30T00:00:00Z');

function cpfOf(i: number): string {
  return String(10_000_000_000 + i * 7919).slice(0, 11);
}

/** Bulk seed: sales + one line + 1–2 payments each; loyalty flags as the outbox triggers would leave them. */
export function seedSales(file: string, n: number, log: (l: string) => void): { numbers: number; cpfs: string[] } {
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const rand = rng(2026);
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('sales', 'payments', 'sale_lines')`,
    )
    .all();
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  // The hourly aggregates are rebuilt once after the load (their triggers would see sales before their payments).
  const triggers = db.prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sales'`).all();
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  const insOp = db.prepare(`INSERT OR IGNORE INTO operators (id, name, role) VALUES (?, ?, 'caixa')`);
  const insSale = db.prepare(
    `INSERT INTO sales (id, status, document_number, series, opened_at, finalized_at, cancelled_at, operator_id, operator_name, customer_cpf,
       sale_discount_cents, redemption_cents, net_cents, pay_mask, loyalty_flags)
     VALUES (?, ?, ?, '1', ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)`,
  );
  const insLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_order, product_code, ean, description, unit, quantity, unit_price_cents) VALUES (?, 1, ?, '', 'Produto', 'UN', ?, ?)`,
  );
  const insPay = db.prepare(`INSERT INTO payments (sale_id, form_code, amount_cents, received_cents, change_cents, created_at) VALUES (?, ?, ?, ?, 0, ?)`);
  const cpfs: string[] = [];
  const t0 = Date.now();
  db.transaction(() => {
    for (let o = 3; o <= OPERATORS; o++) insOp.run(o, `Caixa 0${o}`);
    const step = (DAYS * 86_400_000) / n;
    for (let i = 0; i < n; i++) {
      const at = new Date(END - DAYS * 86_400_000 + Math.floor(i * step + rand() * step)).toISOString();
      const id = `s${String(i).padStart(8, '0')}`;
      const r = rand();
      const status = r < 0.02 ? 'cancelada' : 'finalizada';
      const op = 1 + Math.floor(rand() * OPERATORS);
      const cpf = rand() < 0.3 ? cpfOf(Math.floor(rand() * CPF_POOL)) : null;
      if (cpf && cpfs.length < 200) cpfs.push(cpf);
      const qty = 1 + Math.floor(rand() * 5);
      const price = 100 + Math.floor(rand() * rand() * 20_000);
      const net = qty * price;
      const f1 = FORMS[Math.floor(rand() * FORMS.length)];
      const split = rand() < 0.1 ? FORMS[(FORMS.indexOf(f1) + 1) % FORMS.length] : null;
      let mask = 1n << BigInt(paymentFormBit(f1));
      if (split) mask |= 1n << BigInt(paymentFormBit(split));
      let flags = 0;
      if (cpf) flags |= rand() < 0.85 ? 1 : 2;
      if (cpf && status === 'cancelada') flags |= 4;
      insSale.run(id, status, i + 1, at, at, status === 'cancelada' ? at : null, op, `Caixa 0${op}`, cpf, net, mask, flags);
      insLine.run(id, 1 + Math.floor(rand() * 1000), qty, price);
      if (split) {
        const part = Math.floor(net / 2);
        insPay.run(id, f1, part, part, at);
        insPay.run(id, split, net - part, net - part, at);
      } else insPay.run(id, f1, net, net, at);
      if (i > 0 && i % 250_000 === 0) log(`  ${i.toLocaleString('pt-BR')} vendas…`);
    }
  })();
  log(`  ${n.toLocaleString('pt-BR')} vendas inseridas em ${((Date.now() - t0) / 1000).toFixed(1)} s; recriando índices…`);
  const t1 = Date.now();
  for (const ix of indexes) db.exec(ix.sql);
  db.transaction(() => db.exec(HOURLY_REBUILD_SQL))();
  for (const t of triggers) db.exec(t.sql);
  db.exec('ANALYZE');
  log(`  índices em ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  db.close();
  return { numbers: n, cpfs };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

register('vendas-filtros', async (ctx: BenchContext) => {
  const n = Number(process.env.BALCAO_BENCH_SALES) || (ctx.quick ? 100_000 : 1_000_000);
  const file = path.join(ctx.tmp, `sales-${n}.db`);
  ctx.log(`semeando ${n.toLocaleString('pt-BR')} vendas…`);
  const seeded = seedSales(file, n, ctx.log);
  const db = openDatabase(file);
  const q = new SalesQuery(db);
  const rand = rng(7);
  const day = () => END - (1 + Math.floor(rand() * (DAYS - 40))) * DAY;
  const cpf = () => seeded.cpfs[Math.floor(rand() * seeded.cpfs.length)];
  const op = () => 1 + Math.floor(rand() * OPERATORS);

  const combos: [string, () => SalesFilter][] = [
    ['Hoje', () => ({ from: iso(day()), to: iso(day() + DAY) })],
    ['7 dias', () => { const d = day(); return { from: iso(d - 6 * DAY), to: iso(d + DAY) }; }],
    ['Mês', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d) }; }],
    ['Mês + Status Cancelada', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), status: 'cancelada' }; }],
    ['Mês + Status Finalizada', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), status: 'finalizada' }; }],
    ['Mês + Forma Dinheiro', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), formCode: 1 }; }],
    ['Mês + Valor 100–200', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), minCents: 100_00, maxCents: 200_00 }; }],
    ['Mês + Operador', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), operatorId: op() }; }],
    ['Mês + Fidelidade com bônus', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), loyalty: 'bonus' }; }],
    ['7 dias + PIX + Valor ≥ 50 + Operador', () => { const d = day(); return { from: iso(d - 6 * DAY), to: iso(d + DAY), formCode: 17, minCents: 50_00, operatorId: op() }; }],
    ['Mês + todos os filtros exceto CPF/Número', () => { const d = day(); return { from: iso(d - 30 * DAY), to: iso(d), status: 'finalizada', formCode: 3, minCents: 10_00, maxCents: 500_00, operatorId: op(), loyalty: 'bonus' }; }],
    ['CPF (todo o período)', () => ({ cpf: cpf() })],
    ['CPF + Mês + Dinheiro', () => { const d = day(); return { cpf: cpf(), from: iso(d - 30 * DAY), to: iso(d), formCode: 1 }; }],
    ['Número', () => ({ number: 1 + Math.floor(rand() * n) })],
    ['Número + Status', () => ({ number: 1 + Math.floor(rand() * n), status: 'finalizada' })],
    ['Fidelidade estorno pendente (todo o período)', () => ({ loyalty: 'reversalPending' })],
    ['Pré-venda', () => ({ status: 'prevenda' })],
    ['Operador (todo o período)', () => ({ operatorId: op() })],
    ['Fidelidade bônus pendente (todo o período)', () => ({ loyalty: 'bonusPending' })],
    ['sem filtro (todo o período)', () => ({})],
  ];

  for (const [name, make] of combos) {
    const samples: number[] = [];
    for (let i = 0; i < RUNS + 5; i++) {
      const f = make();
      const ms = timeMs(() => {
        q.search(f, undefined, 50);
        q.summary(f);
      });
      if (i >= 5) samples.push(ms);
    }
    const s = stats(samples);
    ctx.record({ name: `${name} @ ${label(n)}: página + contagem + total p95`, value: s.p95, unit: 'ms', target: { max: 50, label: '≤ 50 ms' }, note: `p50 ${s.p50.toFixed(1)} ms` });
  }

  // Deep keyset paging inside a month: pages 2..20.
  {
    const samples: number[] = [];
    for (let k = 0; k < 10; k++) {
      const d = day();
      const f: SalesFilter = { from: iso(d - 30 * DAY), to: iso(d) };
      let page = q.search(f, undefined, 50);
      for (let p = 0; p < 19 && page.next; p++) {
        const after = page.next;
        samples.push(timeMs(() => (page = q.search(f, after, 50))));
      }
    }
    const s = stats(samples);
    ctx.record({ name: `Mês: páginas seguintes (keyset) @ ${label(n)} p95`, value: s.p95, unit: 'ms', target: { max: 50, label: '≤ 50 ms' } });
  }

  // Relatório do dia (one day and one month).
  for (const [name, span] of [['Relatório do dia: 1 dia', 1], ['Relatório: 1 mês', 30]] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const d = day();
      samples.push(timeMs(() => dailyReport(db, iso(d - span * DAY), iso(d), -180)));
    }
    ctx.record({ name: `${name} @ ${label(n)} p95`, value: stats(samples).p95, unit: 'ms' });
  }

  // Exports: 10k then 100k sales (newest first), CSV and XLSX; peak RSS growth must not scale with the size.
  for (const format of ['csv', 'xlsx'] as const) {
    for (const size of [10_000, Math.min(100_000, n)]) {
      const to = db.prepare<[number], { at: string }>(`SELECT finalized_at AS at FROM sales INDEXED BY sales_bo_time WHERE finalized_at IS NOT NULL ORDER BY finalized_at DESC LIMIT 1 OFFSET ?`).get(size - 1)!.at;
      const filter: SalesFilter = { from: to };
      // Live memory: with --expose-gc (tsx --expose-gc bench/run.ts) each sample is taken after a full GC.
      global.gc?.();
      const base = process.memoryUsage().heapUsed + process.memoryUsage().external;
      let peak = base;
      let samples = 0;
      const exp = new ExportService({
        db,
        query: q,
        dir: path.join(ctx.tmp, 'exports'),
        now: () => new Date(),
        emit: () => {
          if (++samples % 10 === 0) global.gc?.();
          const m = process.memoryUsage();
          peak = Math.max(peak, m.heapUsed + m.external);
        },
      });
      const t0 = Date.now();
      const r = await exp.start({ kind: 'sales', filter }, format);
      const secs = (Date.now() - t0) / 1000;
      ctx.record({
        name: `Exportar ${format.toUpperCase()} ${label(r.sales)} vendas: pico de memória (heap + external) acima do início${global.gc ? '' : ' (sem --expose-gc: inclui lixo)'}`,
        value: (peak - base) / 1024 / 1024,
        unit: 'MB',
        note: `${secs.toFixed(1)} s, ${r.rows.toLocaleString('pt-BR')} linhas`,
      });
    }
  }
  db.close();
});
