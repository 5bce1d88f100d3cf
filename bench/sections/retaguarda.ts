/**
 * Retaguarda (issue 23): the store server against simulated tills that use the till's own client
 * (shared/retaguarda/client: HMAC-signed requests, batches of records), on a real PostgreSQL (throwaway
 * cluster, fsync off like the tests: a managed PostgreSQL's disk is not this laptop's) and on PGlite.
 * The server runs in its own process (`npm run server`), the tills in this one.
 *   - ingest: 50 tills each sending its sales in batches of 50 at once (each sale 3 lines, 1–2 payments)
 *   - day offline: one till's 1,000 sales in batches of 200, one after another
 *   - price change: PUT /v1/products with 1,000 rows, then every till pulls its changes; p95 per till
 *   - snapshot: a new till downloads the store's whole catalog (server side; the till applying it: section retaguarda-snapshot)
 *   BALCAO_BENCH_RETAGUARDA_SALES overrides the sales per till of the ingest run;
 *   BALCAO_BENCH_RETAGUARDA_ENGINES=postgres (or pglite) measures one engine only (default both).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRetaguardaClient } from '../../shared/retaguarda/client';
import * as admin from '../../server/src/admin/service';
import { openDb, type Db } from '../../server/src/db/db';
import { migrate } from '../../server/src/db/migrate';
import { startTestCluster } from '../../server/src/testing/postgres';
import { spawnServer } from '../../server/src/testing/process';
import { makeSale } from '../../server/src/testing/records';
import { percentile, register, type BenchContext } from '../lib';

const TILLS = 50;

interface Fleet {
  storeId: string;
  tills: { tillId: string; secret: string }[];
  key: string;
}

/** Store, 50 tills, an ERP key — written before the server starts (PGlite: one process owns the folder). */
async function setup(db: Db): Promise<Fleet> {
  await migrate(db);
  const { storeId } = await admin.createStore(db, { name: 'Loja Bench', cnpj: '54517628001593' });
  const tills = [];
  for (let i = 0; i < TILLS; i++) tills.push(await admin.createTill(db, { storeId, name: `Caixa ${i + 1}` }));
  const { key } = await admin.createApiKey(db, { name: 'bench', scopes: ['products:write'] });
  return { storeId, tills, key };
}

function csvOf(products: { code: number; description: string; priceCents: number }[]): string {
  const price = (c: number) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
  return 'codigo;ean;descricao;preco;unidade\n' + products.map((p) => `${p.code};;${p.description};${price(p.priceCents)};UN`).join('\n') + '\n';
}

async function putProducts(url: string, key: string, csv: string): Promise<void> {
  const res = await fetch(`${url}/v1/products`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
  if (!res.ok) throw new Error(`PUT /v1/products: ${res.status} ${await res.text()}`);
}

/** CPU time (ms) a process and its children of the moment have used so far, from /proc (Linux); null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  if (!pid || !fs.existsSync('/proc/self/stat')) return null;
  const stat = (p: string) => {
    try {
      const raw = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
    } catch {
      return null;
    }
  };
  let ticks = stat(String(pid))?.ticks ?? 0;
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const s = stat(p);
    if (s?.ppid === pid) ticks += s.ticks;
  }
  return ticks * 10; // USER_HZ 100
}

/**
 * Load-independent cost of the ingest (the machine is shared: rates move with the load): CPU ms per 1,000 sales
 * of the server process and of PostgreSQL (its postmaster and backends, `pgPid`).
 */
function recordCpu(ctx: BenchContext, label: string, total: number, before: (number | null)[], after: (number | null)[]): void {
  const names = ['servidor', 'PostgreSQL'];
  after.forEach((a, i) => {
    const b = before[i];
    if (a === null || b === null) return;
    ctx.record({ name: `${label}: ingestão, CPU do ${names[i]} por 1.000 vendas`, value: ((a - b) * 1000) / total, unit: 'ms', note: 'independe da carga da máquina' });
  });
}

async function measure(ctx: BenchContext, label: string, f: Fleet, env: Record<string, string>, pgPid?: number): Promise<number> {
  const server = await spawnServer(env);
  const tills = f.tills.map((t) => ({ tillId: t.tillId, client: createRetaguardaClient({ url: server.url, ...t }, { timeoutMs: 300_000 }) }));
  try {
    // ---- ingest: 50 tills at once ----
    const perTill = Number(process.env.BALCAO_BENCH_RETAGUARDA_SALES) || (ctx.quick ? 100 : 400);
    const batches = tills.map((t) => Array.from({ length: perTill }, (_, i) => makeSale(t.tillId, i + 1)));
    await tills[0].client.ingest({ records: [makeSale(tills[0].tillId, 0)] }); // warm-up: connections, JIT
    const cpu0 = [cpuMs(server.child.pid), cpuMs(pgPid)];
    const t0 = performance.now();
    await Promise.all(
      tills.map(async (t, k) => {
        for (let i = 0; i < perTill; i += 50) await t.client.ingest({ records: batches[k].slice(i, i + 50) });
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    const total = TILLS * perTill;
    recordCpu(ctx, label, total, cpu0, [cpuMs(server.child.pid), cpuMs(pgPid)]);
    ctx.record({ name: `${label}: ingestão, ${TILLS} caixas (${total.toLocaleString('pt-BR')} vendas)`, value: total / secs, unit: 'vendas/s', note: 'meta ≥ 2.000/s em PostgreSQL' });
    ctx.record({
      name: `${label}: ingestão, tempo por 1.000 vendas`,
      value: (secs * 1000) / total,
      unit: 's',
      target: label === 'PostgreSQL' ? { max: 0.5, label: '≤ 0,5 s (2.000/s)' } : undefined,
    });
    // ---- a till back after a day offline ----
    const day = Array.from({ length: 1000 }, (_, i) => makeSale(tills[1].tillId, 100_000 + i));
    const d0 = performance.now();
    for (let i = 0; i < day.length; i += 200) await tills[1].client.ingest({ records: day.slice(i, i + 200) });
    ctx.record({ name: `${label}: caixa após um dia offline (1.000 vendas, lotes de 200)`, value: (performance.now() - d0) / 1000, unit: 's', target: { max: 10, label: '≤ 10 s' } });
    // ---- price change of 1,000 products reaching 50 tills ----
    const products = Array.from({ length: 1000 }, (_, i) => ({ code: i + 1, description: `Produto ${i + 1}`, priceCents: 1000 + i }));
    await putProducts(server.url, f.key, csvOf(products));
    const cursors = await Promise.all(tills.map(async (t) => (await t.client.changes(0, 5000)).cursor));
    const p0 = performance.now();
    await putProducts(server.url, f.key, csvOf(products.map((p) => ({ ...p, priceCents: p.priceCents + 50 }))));
    const reached = await Promise.all(
      tills.map(async (t, k) => {
        let cursor = cursors[k];
        let got = 0;
        for (;;) {
          const page = await t.client.changes(cursor, 5000);
          got += page.products.length;
          cursor = page.cursor;
          if (!page.more) break;
        }
        if (got !== 1000) throw new Error(`caixa ${k}: ${got} mudanças de preço, esperado 1000`);
        return performance.now() - p0;
      }),
    );
    reached.sort((a, b) => a - b);
    ctx.record({ name: `${label}: 1.000 preços até ${TILLS} caixas (p95 por caixa)`, value: percentile(reached, 95) / 1000, unit: 's', target: { max: 5, label: '≤ 5 s' }, note: 'PUT + um pull de cada caixa; some o intervalo de consulta do caixa' });
    // ---- snapshot for a new till ----
    const size = ctx.sizes.small;
    for (let i = 0; i < size; i += 100_000) {
      await putProducts(server.url, f.key, csvOf(Array.from({ length: Math.min(100_000, size - i) }, (_, k) => ({ code: 10_000 + i + k, description: `Item ${i + k}`, priceCents: 100 + (k % 9000) }))));
    }
    const s0 = performance.now();
    let after: number | null = null;
    let count = 0;
    do {
      const page = await tills[2].client.snapshot(after, 20_000);
      count += page.products.length;
      after = page.nextAfterCode;
    } while (after !== null);
    ctx.record({ name: `${label}: snapshot do catálogo (${count.toLocaleString('pt-BR')} produtos, download)`, value: (performance.now() - s0) / 1000, unit: 's', note: 'só o download (JSON paginado); o caixa aplicando: seção retaguarda-snapshot' });
    return total + 1 + day.length;
  } finally {
    await server.stop();
  }
}

function postmasterPid(dir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

async function checkCount(db: Db, expected: number, label: string): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales');
  if (n !== expected) throw new Error(`retaguarda bench (${label}): ${n} vendas no servidor, esperado ${expected}`);
}

register('retaguarda', async (ctx) => {
  const engines = (process.env.BALCAO_BENCH_RETAGUARDA_ENGINES || 'postgres,pglite').split(',');
  if (engines.includes('postgres')) await onPostgres(ctx);
  if (engines.includes('pglite')) await onPglite(ctx);
});

async function onPostgres(ctx: BenchContext): Promise<void> {
  ctx.log('retaguarda: PostgreSQL (cluster descartável)');
  const cluster = await startTestCluster();
  try {
    const url = await cluster.createDatabase('bench');
    const db = await openDb({ dataDir: '', databaseUrl: url, poolSize: 2 });
    try {
      const f = await setup(db);
      await checkCount(db, await measure(ctx, 'PostgreSQL', f, { DATABASE_URL: url }, postmasterPid(cluster.dir)), 'PostgreSQL');
    } finally {
      await db.close();
    }
  } finally {
    cluster.stop();
  }
}

async function onPglite(ctx: BenchContext): Promise<void> {
  ctx.log('retaguarda: PGlite');
  const dataDir = path.join(ctx.tmp, 'retaguarda-pglite');
  let db = await openDb({ dataDir, databaseUrl: null });
  const f = await setup(db);
  await db.close();
  const expected = await measure(ctx, 'PGlite', f, { RETAGUARDA_DATA_DIR: dataDir, DATABASE_URL: '' });
  db = await openDb({ dataDir, databaseUrl: null });
  try {
    await checkCount(db, expected, 'PGlite');
  } finally {
    await db.close();
  }
}
