import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetaguardaClient } from '../../../shared/retaguarda/client';
import * as admin from '../admin/service';
import type { Db } from '../db/db';
import { engineKit, type EngineKit } from '../testing/harness';
import { spawnServer, type ServerProcess } from '../testing/process';
import { makeSale } from '../testing/records';

/** "Beyond one machine": stateless server processes over one real PostgreSQL (PGlite is single-process). */
describe('two server processes on one PostgreSQL', () => {
  let kit: EngineKit;
  let db: Db;
  let servers: ServerProcess[] = [];
  let databaseUrl: string;

  beforeAll(async () => {
    kit = await engineKit('postgres');
    const config = await kit.freshConfig();
    databaseUrl = config.databaseUrl!;
    // Both start on a fresh database at once: the migrations run once (advisory lock).
    servers = await Promise.all([spawnServer({ DATABASE_URL: databaseUrl }), spawnServer({ DATABASE_URL: databaseUrl })]);
    db = await kit.open(config);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.close();
    kit?.dispose();
  });

  it('the same sales sent to both (and again after one is killed -9 mid-run) are stored once, none lost', async () => {
    const [{ version }] = await db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
    expect(version).toBe(1);
    const { storeId } = await admin.createStore(db, { name: 'Loja Centro', cnpj: '54517628001593' });
    const tills = await Promise.all([1, 2, 3, 4].map((i) => admin.createTill(db, { storeId, name: `Caixa ${i}` })));
    const [a, b] = servers;
    const SALES = 300;
    const BATCH = 50;
    let killed = false;
    await Promise.all(
      tills.map(async (t, ti) => {
        const viaA = createRetaguardaClient({ url: a.url, ...t }, { timeoutMs: 20_000 });
        const viaB = createRetaguardaClient({ url: b.url, ...t }, { timeoutMs: 20_000 });
        const sales = Array.from({ length: SALES }, (_, i) => makeSale(t.tillId, i + 1));
        for (let i = 0; i < SALES; i += BATCH) {
          const batch = { records: sales.slice(i, i + BATCH) };
          if (ti === 0 && i === 2 * BATCH && !killed) {
            killed = true;
            a.child.kill('SIGKILL'); // mid-run: requests in flight to A die with it
          }
          const answers = await Promise.allSettled([viaA.ingest(batch), viaB.ingest(batch)]);
          if (answers.every((x) => x.status === 'rejected')) await viaB.ingest(batch); // as the till's outbox would: same UUIDs again
        }
      }),
    );
    const n = async (sql: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0].n;
    expect(await n('sales')).toBe(4 * SALES);
    expect(await n('(SELECT DISTINCT till_id, number FROM sales) d')).toBe(4 * SALES);
    expect(await n('sale_lines')).toBe(4 * SALES * 3);
    expect(await n('sale_payments')).toBe(4 * SALES * 1.5);
    expect(killed).toBe(true);
  }, 120_000);
});
