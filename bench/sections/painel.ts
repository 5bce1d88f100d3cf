/**
 * Painel da retaguarda (issue 24) on a real PostgreSQL (throwaway cluster, fsync off like the tests):
 * 20 stores × 5 caixas, sales generated in SQL (generate_series, in statements of 250k, through the same
 * triggers that keep the summary tables at ingest), spread over the last 365 days.
 *   - dashboard for the last 30 days, all stores, over HTTP as the Administrador: p95
 *   - Transações first page (with its count) for filter combinations over those 30 days: p95 and the worst
 *   - CSV export of every sale (≤ 1M): the RSS growth of the server (`npm run server`, its own process) while it streams
 *   BALCAO_BENCH_PANEL_SALES sets the size (default 1,000,000; --quick 200,000); the 10M needs
 *   ~10× the generation time measured here.
 */
import { startServer } from '../../server/src/app';
import * as admin from '../../server/src/admin/service';
import { createPanelUser } from '../../server/src/panel/auth';
import fs from 'node:fs';
import { startTestCluster } from '../../server/src/testing/postgres';
import { spawnServer } from '../../server/src/testing/process';
import { percentile, register, type BenchContext } from '../lib';

const STORES = 20;
const TILLS_PER_STORE = 5;
const CHUNK = 250_000;

/** A valid CNPJ from 12 base digits (check digits computed). */
function cnpj(base: string): string {
  const digit = (s: string) => {
    const w = s.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const r = s.split('').reduce((a, c, i) => a + Number(c) * w[i], 0) % 11;
    return r < 2 ? '0' : String(11 - r);
  };
  const d1 = digit(base);
  return base + d1 + digit(base + d1);
}

/** The month of the dashboard and the list: 30 local days ending today (whole hours, as the panel sends). */
function lastMonth(): { de: string; ate: string } {
  const now = new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3)); // next local midnight (UTC-3)
  return { de: new Date(end.getTime() - 30 * 86_400_000).toISOString(), ate: end.toISOString() };
}

const FORM = `(CASE WHEN g % 10 < 4 THEN 1 WHEN g % 10 < 6 THEN 3 WHEN g % 10 < 8 THEN 4 WHEN g % 10 = 8 THEN 17 ELSE 18 END)`;

async function generate(q: (sql: string, params?: unknown[]) => Promise<unknown>, n: number, log: (l: string) => void): Promise<number> {
  const t0 = performance.now();
  const nowIso = new Date().toISOString();
  for (let a = 1; a <= n; a += CHUNK) {
    const b = Math.min(n, a + CHUNK - 1);
    const ts = `($3::timestamptz - (g::float8 / $4) * interval '365 days')`;
    const amt = `(500 + (g * 7919) % 30000)`;
    await q(
      `WITH t AS (SELECT id, store_id, (row_number() OVER (ORDER BY id) - 1)::int AS i FROM tills)
       INSERT INTO sales (id, store_id, till_id, number, series, status, opened_at, finalized_at, operator_name, shift_id, customer_cpf,
         gross_cents, discount_cents, redemption_cents, surcharge_cents, total_cents, item_count, pay_mask, loyalty)
       SELECT md5(g::text)::uuid, t.store_id, t.id, g, '1', CASE WHEN g % 50 = 0 THEN 'cancelada' ELSE 'finalizada' END,
         ${ts} - interval '2 minutes', ${ts}, 'Operador ' || (g % 37), NULL,
         CASE WHEN g % 10 = 3 THEN lpad((g % 100000000000)::text, 11, '0') END,
         ${amt} + CASE WHEN g % 20 = 0 THEN 100 ELSE 0 END, CASE WHEN g % 20 = 0 THEN 100 ELSE 0 END, 0, 0, ${amt}, 1 + g % 5,
         1 << (${FORM} % 31), CASE WHEN g % 10 = 3 THEN jsonb_build_object('bonusCents', ${amt} / 20) END
       FROM generate_series($1::bigint, $2::bigint) g JOIN t ON t.i = g % ${STORES * TILLS_PER_STORE}`,
      [a, b, nowIso, n],
    );
    await q(
      `INSERT INTO sale_payments (sale_id, payment_no, form_code, amount_cents, received_cents, change_cents, reference, pix_status, pix_end_to_end)
       SELECT md5(g::text)::uuid, 1, ${FORM}, ${amt}, ${amt}, 0, NULL,
         CASE WHEN ${FORM} IN (17, 18) THEN (ARRAY['APROVADO', 'APROVADO', 'APROVADO', 'PENDENTE', 'EXPIRADO', 'ESTORNO'])[1 + g % 6] END, NULL
       FROM generate_series($1::bigint, $2::bigint) g`,
      [a, b],
    );
    log(`painel: ${b.toLocaleString('pt-BR')} vendas geradas (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await q('ANALYZE');
  return (performance.now() - t0) / 1000;
}

async function timed(n: number, fn: () => Promise<void>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

/** Combinations of Transações filters, over the month (value: the extra query parameters). */
function combos(stores: string[], till: string): Record<string, Record<string, string>> {
  return {
    'período': {},
    'período + loja': { loja: stores[0] },
    'período + caixa': { caixa: till },
    'período + status cancelada': { status: 'cancelada' },
    'período + loja + status': { loja: stores[1], status: 'finalizada' },
    'período + PIX': { forma: '17' },
    'período + loja + PIX': { loja: stores[2], forma: '17' },
    'período + loja + Carteira Digital': { loja: stores[3], forma: '18' },
    'período + valor 100–120': { min: '10000', max: '12000' },
    'período + valor exato': { min: '12345', max: '12345' },
    'período + CPF': { cpf: '00000000013' },
    'período + operador': { operador: 'Operador 5' },
    'período + operador sem vendas': { operador: 'Fulano' },
    'período + loja + operador + valor': { loja: stores[4], operador: 'Operador 7', min: '1000' },
    'período + Cheque (forma sem vendas)': { forma: '2' },
    'período + loja + Cheque + status': { loja: stores[0], forma: '2', status: 'finalizada' },
  };
}

async function transacoes(
  db: { query<T>(sql: string, params?: unknown[]): Promise<T[]> },
  stores: string[],
  month: { de: string; ate: string },
  get: (path: string, params: Record<string, string>) => Promise<unknown>,
  log: (l: string) => void,
  all: number[],
  worst: { name: string; p95: number },
  prefix = '',
  only?: string[],
): Promise<number> {
  let n = 0;
  const [till] = await db.query<{ id: string }>('SELECT id FROM tills WHERE store_id = $1 LIMIT 1', [stores[3]]);
  for (const [name, extra] of Object.entries(combos(stores, till.id))) {
    if (only && !only.includes(name)) continue;
    const t = await timed(10, async () => void (await get('/v1/panel/sales', { ...month, ...extra })));
    all.push(...t);
    n++;
    const p = percentile(t, 95);
    log(`painel: Transações ${prefix}${name}: p95 ${p.toFixed(1)} ms`);
    if (p > worst.p95) Object.assign(worst, { name: prefix + name, p95: p });
  }
  return n;
}

async function run(ctx: BenchContext): Promise<void> {
  // An existing database (one this section filled before, e.g. at 10M): measured again without generating.
  const reuse = process.env.BALCAO_BENCH_PANEL_DATABASE_URL;
  const n = Number(process.env.BALCAO_BENCH_PANEL_SALES) || (ctx.quick ? 200_000 : 1_000_000);
  const cluster = reuse ? null : await startTestCluster();
  try {
    const url = reuse ?? (await cluster!.createDatabase('painel'));
    const m0 = performance.now();
    const server = await startServer({ dataDir: '', databaseUrl: url, port: 0, host: '127.0.0.1', signatureWindowMs: 300_000 });
    if (reuse) ctx.log(`painel: banco existente, migrações em ${((performance.now() - m0) / 1000).toFixed(1)} s`);
    try {
      const db = server.db;
      const stores: string[] = [];
      if (reuse) {
        stores.push(...(await db.query<{ id: string }>("SELECT id FROM stores WHERE name LIKE 'Loja %' ORDER BY created_at, name")).map((r) => r.id));
        const [{ c }] = await db.query<{ c: number }>('SELECT count(*)::int AS c FROM sales');
        ctx.log(`painel: ${c.toLocaleString('pt-BR')} vendas no banco`);
      } else {
        for (let s = 0; s < STORES; s++) {
          const { storeId } = await admin.createStore(db, { name: `Loja ${s + 1}`, cnpj: cnpj(String(11_222_333_0001 + s * 7).padStart(12, '0')) });
          stores.push(storeId);
          for (let t = 0; t < TILLS_PER_STORE; t++) await admin.createTill(db, { storeId, name: `Caixa ${t + 1}` });
        }
        const genSecs = await generate((sql, params) => db.query(sql, params ?? []), n, ctx.log);
        ctx.record({ name: `geração de ${n.toLocaleString('pt-BR')} vendas em SQL (com os gatilhos dos resumos)`, value: genSecs, unit: 's', note: `${Math.round(n / genSecs).toLocaleString('pt-BR')} vendas/s` });
      }
      const exists = async (email: string) => (await db.query('SELECT 1 FROM panel_users WHERE email = $1', [email])).length > 0;
      if (!(await exists('dona@bench.com.br'))) {
        await createPanelUser(db, { email: 'dona@bench.com.br', name: 'Dona', role: 'administrador', password: 'senha-forte-123' });
      }
      const login = await fetch(`${server.url}/v1/panel/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dona@bench.com.br', password: 'senha-forte-123' }) });
      if (!login.ok) throw new Error(`login: ${login.status}`);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const get = async (path: string, params: Record<string, string>) => {
        const res = await fetch(`${server.url}${path}?${new URLSearchParams(params)}`, { headers: { cookie } });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      const month = lastMonth();
      const [{ m }] = await db.query<{ m: number }>('SELECT count(*)::int AS m FROM sales WHERE finalized_at >= $1 AND finalized_at < $2', [month.de, month.ate]);

      // ---- dashboard ----
      const dash = await timed(20, async () => void (await get('/v1/panel/dashboard', month)));
      ctx.record({ name: `Painel, 30 dias, todas as lojas (${m.toLocaleString('pt-BR')} vendas no mês), p95`, value: percentile(dash, 95), unit: 'ms', target: { max: 300, label: '≤ 300 ms' } });

      // ---- Transações, first page ----
      const all: number[] = [];
      const worst = { name: '', p95: 0 };
      let combosRun = await transacoes(db, stores, month, get, ctx.log, all, worst);
      // A Gerente de loja with three stores (no store chosen): the list merges each store's newest sales.
      if (!(await exists('gerente@bench.com.br'))) await createPanelUser(db, { email: 'gerente@bench.com.br', name: 'Gerente', role: 'gerente', password: 'senha-forte-123', storeIds: stores.slice(5, 8) });
      const glogin = await fetch(`${server.url}/v1/panel/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'gerente@bench.com.br', password: 'senha-forte-123' }) });
      if (!glogin.ok) throw new Error(`login do gerente: ${glogin.status}`);
      const gcookie = glogin.headers.get('set-cookie')!.split(';')[0];
      const gget = async (path: string, params: Record<string, string>) => {
        const res = await fetch(`${server.url}${path}?${new URLSearchParams(params)}`, { headers: { cookie: gcookie } });
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        return res.json();
      };
      combosRun += await transacoes(db, stores, month, gget, ctx.log, all, worst, 'Gerente de 3 lojas: ', ['período', 'período + PIX', 'período + operador', 'período + Cheque (forma sem vendas)', 'período + valor exato']);
      all.sort((a, b) => a - b);
      ctx.record({ name: `Transações, 1ª página, ${combosRun} combinações de filtros, p95`, value: percentile(all, 95), unit: 'ms', target: { max: 100, label: '≤ 100 ms' } });
      ctx.record({ name: `Transações, pior combinação (${worst.name}), p95`, value: worst.p95, unit: 'ms', target: { max: 100, label: '≤ 100 ms' } });

      // ---- export: the server's RSS (its own process, `npm run server`) while it streams every sale as CSV ----
      const rows = Math.min(n, 1_000_000);
      const [{ since }] = await db.query<{ since: Date }>('SELECT finalized_at AS since FROM sales ORDER BY finalized_at DESC OFFSET $1 LIMIT 1', [rows - 1]);
      const child = await spawnServer({ DATABASE_URL: url });
      try {
        const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
        const login2 = await fetch(`${child.url}/v1/panel/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dona@bench.com.br', password: 'senha-forte-123' }) });
        const cookie2 = login2.headers.get('set-cookie')!.split(';')[0];
        // Warm-up: a small export (code paths, pool), then the baseline.
        await (await fetch(`${child.url}/v1/panel/sales/export?${new URLSearchParams({ ...month, loja: stores[0], formato: 'csv' })}`, { headers: { cookie: cookie2 } })).arrayBuffer();
        const base = rss();
        let peak = base;
        const timer = setInterval(() => (peak = Math.max(peak, rss())), 100);
        const e0 = performance.now();
        const res = await fetch(`${child.url}/v1/panel/sales/export?${new URLSearchParams({ de: new Date(since).toISOString(), formato: 'csv' })}`, { headers: { cookie: cookie2 } });
        let lines = 0;
        const reader = res.body!.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        }
        clearInterval(timer);
        const secs = (performance.now() - e0) / 1000;
        ctx.record({ name: `exportação CSV de ${(lines - 1).toLocaleString('pt-BR')} linhas: crescimento do RSS do servidor`, value: peak - base, unit: 'MB', target: { max: 50, label: '≤ 50 MB' }, note: `base ${base.toFixed(0)} MB; ${secs.toFixed(0)} s, ${Math.round((lines - 1) / secs).toLocaleString('pt-BR')} linhas/s` });
      } finally {
        await child.stop();
      }
    } finally {
      await server.close();
    }
  } finally {
    cluster?.stop();
  }
}

register('painel', run);
