import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as admin from '../../server/src/admin/service';
import type { RunningServer } from '../../server/src/app';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { storeFixture, type StoreFixture } from '../../server/src/testing/fixture';
import { createRetaguardaClient } from '../../shared/retaguarda/client';
import { loadConfig } from '../app/config';
import { VERSION } from '../app/compose';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';
import { RETAGUARDA_KIND } from './uploader';

/**
 * Lojas > Caixas on the panel shows each till's version and what it still has to send: the till reports both
 * with every pull (inside the signed path), against a real Retaguarda (PGlite) over real HTTP.
 */
describe("a till's version and backlog reach the Retaguarda", () => {
  let kit: EngineKit;
  let fx: StoreFixture;
  let server: RunningServer;
  let storeId: string;
  beforeAll(async () => {
    kit = await engineKit('pglite');
    fx = await storeFixture(kit, 0);
    ({ server, storeId } = fx);
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });
  const tillRow = async (id: string) =>
    (await server.db.query<{ app_version: string | null; backlog: number | null; status_at: Date | null }>('SELECT app_version, backlog, status_at FROM tills WHERE id = $1', [id]))[0];

  it('records waiting behind a refused credential are counted; the pull reports them, and 0 once delivered', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
    await admin.revokeTill(server.db, t.tillId);
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      for (const text of ['1', '2']) {
        await callCore(core, 'sales.scan', { text });
        await callCore(core, 'sales.addPayment', { formCode: 1, amountCents: 100_000 });
        await callCore(core, 'sales.finalize');
      }
      const queued = core.services.retaguarda.scan();
      expect(queued).toBeGreaterThanOrEqual(2);
      const ids = (core.db.prepare('SELECT op_id FROM outbox WHERE kind = ?').all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
      const rows = await core.services.outbox.worker.waitFor(ids, 30_000);
      expect(rows.every((r) => r.status === 'retrying')).toBe(true);
      expect(core.services.retaguarda.backlog()).toBe(queued);
      expect(await tillRow(t.tillId)).toMatchObject({ app_version: null, backlog: null });

      // The credential is valid again: the next pull tells the server what is still waiting here.
      await server.db.query('UPDATE tills SET revoked_at = NULL WHERE id = $1', [t.tillId]);
      await core.services.retaguardaPull.pull();
      expect(await tillRow(t.tillId)).toMatchObject({ app_version: VERSION, backlog: queued, status_at: expect.any(Date) });

      for (const r of rows) core.services.outbox.worker.resend(r.id);
      const sent = await core.services.outbox.worker.waitFor(ids, 30_000);
      expect(sent.map((r) => r.status)).toEqual(ids.map(() => 'done'));
      expect(core.services.retaguarda.backlog()).toBe(0);
      await core.services.retaguardaPull.pull();
      expect(await tillRow(t.tillId)).toMatchObject({ app_version: VERSION, backlog: 0 });
    } finally {
      core.close();
    }
  });

  it('the server keeps what it knew when a pull carries no status or a malformed one (an older till, a bad value)', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 2' });
    const client = createRetaguardaClient({ url: server.url, ...t });
    await client.changes(0, 10, { version: '0.2.0-beta.1', backlog: 7 });
    expect(await tillRow(t.tillId)).toMatchObject({ app_version: '0.2.0-beta.1', backlog: 7 });
    await client.changes(0, 10);
    await client.changes(0, 10, { version: '<script>', backlog: 3 });
    await client.changes(0, 10, { version: '0.3.0', backlog: -1 });
    expect(await tillRow(t.tillId)).toMatchObject({ app_version: '0.2.0-beta.1', backlog: 7 });
  });
});
