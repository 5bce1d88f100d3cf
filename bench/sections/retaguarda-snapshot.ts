/**
 * Retaguarda (issue 23): a new till with the store's 1M-product catalog. The server (`npm run server`, own process)
 * on a real PostgreSQL (throwaway cluster) and on PGlite; the till in its own process (bench/snapshot-child.ts) runs
 * its real pull: GET /v1/till/snapshot.csv (gzip) straight into the streaming catalog import, then users, settings
 * and the change cursor. Target: applied in ≤ 30 s; the till's peak RSS within the catalog import's ceiling (300 MB).
 * BALCAO_BENCH_SNAPSHOT_PRODUCTS overrides the size (default: the run's large catalog size, 1M; --quick 100k).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createRetaguardaClient } from '../../shared/retaguarda/client';
import * as admin from '../../server/src/admin/service';
import { setStoreSettings } from '../../server/src/admin/settings';
import { openDb, type Db } from '../../server/src/db/db';
import { migrate } from '../../server/src/db/migrate';
import { startTestCluster } from '../../server/src/testing/postgres';
import { spawnServer } from '../../server/src/testing/process';
import { register, rng, runChild, type BenchContext } from '../lib';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'snapshot-child.ts');
const IMPORT_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'import-child.ts');
const WORDS = ['Arroz', 'Feijão', 'Café', 'Leite', 'Açúcar', 'Biscoito', 'Sabonete', 'Detergente', 'Macarrão', 'Óleo', 'Farinha', 'Refrigerante'];

function ean13(n: number): string {
  const body = `789${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}

/** The store, a till, settings and `size` products (half with an EAN), written before the server starts. */
async function seed(db: Db, size: number): Promise<{ tillId: string; secret: string }> {
  await migrate(db);
  const { storeId } = await admin.createStore(db, { name: 'Loja Bench', cnpj: '54517628001593' });
  const till = await admin.createTill(db, { storeId, name: 'Caixa novo' });
  await admin.createUser(db, { storeId, name: 'Gerente', role: 'gerente', pin: '258025' });
  await setStoreSettings(db, storeId, { discountLimitPercent: 10, paymentForms: [1, 3, 4, 17] });
  const random = rng(23);
  const CHUNK = 50_000;
  for (let from = 1; from <= size; from += CHUNK) {
    const codes = Array.from({ length: Math.min(CHUNK, size - from + 1) }, (_, k) => from + k);
    await db.query(
      `INSERT INTO products (store_id, code, description, price_cents, unit, eans, change_seq)
       SELECT $1, u.code, u.description, u.price, u.unit, CASE WHEN u.ean = '' THEN '{}'::text[] ELSE ARRAY[u.ean] END, u.code + 100
       FROM unnest($2::int[], $3::text[], $4::bigint[], $5::text[], $6::text[]) AS u(code, description, price, unit, ean)`,
      [
        storeId,
        codes,
        codes.map((c) => `${WORDS[Math.floor(random() * WORDS.length)]} ${WORDS[Math.floor(random() * WORDS.length)]} nº ${c}`),
        codes.map(() => 100 + Math.floor(random() * 99_900)),
        codes.map((c) => (c % 50 === 0 ? 'KG' : 'UN')),
        codes.map((c) => (c % 2 ? ean13(c) : '')),
      ],
    );
  }
  await db.query('UPDATE stores SET change_seq = change_seq + $2 WHERE id = $1', [storeId, size + 100]);
  return till;
}

async function measure(ctx: BenchContext, label: string, env: Record<string, string>, till: { tillId: string; secret: string }, size: number): Promise<void> {
  const server = await spawnServer(env);
  try {
    const out = JSON.parse(await runChild(CHILD, [path.join(ctx.tmp, `snapshot-${label}.db`), server.url, till.tillId, till.secret])) as {
      millis: number;
      products: number;
      rssBeforeMb: number;
      rssPeakMb: number;
      rssAfterMb: number;
    };
    if (out.products !== size) throw new Error(`snapshot (${label}): ${out.products} produtos no caixa, esperado ${size}`);
    const n = size.toLocaleString('pt-BR');
    ctx.record({ name: `${label}: caixa novo, snapshot de ${n} produtos aplicado`, value: out.millis / 1000, unit: 's', target: { max: 30, label: '≤ 30 s' }, note: `${Math.round(size / (out.millis / 1000)).toLocaleString('pt-BR')} produtos/s, download + importação em streaming` });
    ctx.record({
      name: `  ${label}: RSS do caixa durante o snapshot (pico)`,
      value: out.rssPeakMb,
      unit: 'MB',
      target: { max: 300, label: '≤ 300 MB' },
      note: `crescimento ${(out.rssPeakMb - out.rssBeforeMb).toFixed(0)} MB (antes ${out.rssBeforeMb.toFixed(0)}, depois ${out.rssAfterMb.toFixed(0)})`,
    });
    if (label === 'PostgreSQL') {
      // Baseline in the same run: the very CSV the till got, imported from a local file (what "Importar catálogo" does).
      const csvFile = path.join(ctx.tmp, 'snapshot.csv');
      const snap = await createRetaguardaClient({ url: server.url, ...till }).snapshotCsv();
      await pipeline(Readable.fromWeb(snap.body as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(csvFile));
      const local = JSON.parse(await runChild(IMPORT_CHILD, [csvFile, path.join(ctx.tmp, 'snapshot-local.db')])) as { millis: number; rssMb: number };
      ctx.record({
        name: `  snapshot ÷ importação local do mesmo CSV`,
        value: out.millis / local.millis,
        unit: '×',
        note: `local: ${(local.millis / 1000).toFixed(1)} s, pico ${local.rssMb.toFixed(0)} MB (${(fs.statSync(csvFile).size / 1e6).toFixed(0)} MB de CSV)`,
      });
      fs.rmSync(csvFile);
    }
  } finally {
    await server.stop();
  }
}

register('retaguarda-snapshot', async (ctx) => {
  const size = Number(process.env.BALCAO_BENCH_SNAPSHOT_PRODUCTS) || ctx.sizes.large;
  ctx.log(`retaguarda-snapshot: PostgreSQL (cluster descartável), ${size} produtos`);
  const cluster = await startTestCluster();
  try {
    const url = await cluster.createDatabase('snapshot');
    const db = await openDb({ dataDir: '', databaseUrl: url, poolSize: 2 });
    let till;
    try {
      till = await seed(db, size);
    } finally {
      await db.close();
    }
    await measure(ctx, 'PostgreSQL', { DATABASE_URL: url }, till, size);
  } finally {
    cluster.stop();
  }
  ctx.log('retaguarda-snapshot: PGlite');
  const dataDir = path.join(ctx.tmp, 'retaguarda-snapshot-pglite');
  const db = await openDb({ dataDir, databaseUrl: null });
  let till;
  try {
    till = await seed(db, size);
  } finally {
    await db.close();
  }
  await measure(ctx, 'PGlite', { RETAGUARDA_DATA_DIR: dataDir, DATABASE_URL: '' }, till, size);
});
