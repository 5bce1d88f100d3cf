import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetaguardaClient } from '../../../shared/retaguarda/client';
import * as admin from '../admin/service';
import type { Db } from '../db/db';
import { listMigrations } from '../db/migrate';
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
    expect(version).toBe(listMigrations().at(-1)!.version);
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

  it('a PostgreSQL restart mid-run: the tills resend what failed, nothing lost or doubled, the servers keep serving', async () => {
    const [{ storeId }] = await db.query<{ storeId: string }>('SELECT id AS "storeId" FROM stores LIMIT 1');
    const t = await admin.createTill(db, { storeId, name: 'Caixa 9' });
    const live = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    const client = createRetaguardaClient({ url: live[0].url, ...t }, { timeoutMs: 20_000 });
    const sales = Array.from({ length: 400 }, (_, i) => makeSale(t.tillId, i + 1));
    await db.close();
    let failures = 0;
    for (let i = 0; i < sales.length; i += 50) {
      if (i === 200) kit.cluster!.restart(); // immediate stop (like a crash) and start
      const batch = { records: sales.slice(i, i + 50) };
      // As the outbox does: the same batch again until it is acknowledged.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.ingest(batch);
          break;
        } catch (err) {
          failures++;
          if (attempt > 20) throw err;
        }
      }
    }
    db = await kit.open({ dataDir: '', databaseUrl, port: 0, host: '127.0.0.1', signatureWindowMs: 300_000 });
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE till_id = $1', [t.tillId]);
    expect(n).toBe(400);
    const [{ l }] = await db.query<{ l: number }>('SELECT count(*)::int AS l FROM sale_lines sl JOIN sales s ON s.id = sl.sale_id WHERE s.till_id = $1', [t.tillId]);
    expect(l).toBe(1200);
    expect(failures).toBeLessThan(20);
  }, 120_000);
});
