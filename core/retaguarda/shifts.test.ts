import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as admin from '../../server/src/admin/service';
import type { RunningServer } from '../../server/src/app';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';
import { RETAGUARDA_KIND } from './uploader';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
interface ServerShift {
  id: string;
  status: string;
  movements: { kind: string; amountCents: number; reason: string }[];
  closing: unknown;
}

/** A shift reaches the Retaguarda as it happens: when it opens, at each suprimento/sangria, and closed. */
describe('till → Retaguarda: shifts and their movements as they happen', () => {
  let kit: EngineKit;
  let server: RunningServer;
  let storeId: string;
  let key: string;

  beforeAll(async () => {
    kit = await engineKit('pglite');
    server = await kit.start(await kit.freshConfig());
    storeId = (await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' })).storeId;
    key = (await admin.createApiKey(server.db, { name: 'erp', scopes: ['shifts:read'] })).key;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    kit?.dispose();
  });

  const serverShifts = async (): Promise<ServerShift[]> => {
    const res = await fetch(`${server.url}/v1/shifts?store=${storeId}`, { headers: { authorization: `Bearer ${key}` } });
    return ((await res.json()) as { shifts: ServerShift[] }).shifts;
  };
  async function sync(core: TestCore): Promise<number> {
    const n = core.services.retaguarda.scan();
    const ids = (core.db.prepare(`SELECT op_id FROM outbox WHERE kind = ?`).all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
    const rows = await core.services.outbox.worker.waitFor(ids, 30_000);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual(rows.map(() => ['done', null]));
    return n;
  }

  it('the open shift, then each suprimento/sangria, then the closing reach the server once each, under one shift id', async () => {
    const t = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, catalogCsv: '', config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      await sync(core); // the start-up state (audit rows of the login)
      await callCore(core, 'shifts.open', { floatCents: 100_00 });
      expect(await sync(core)).toBeGreaterThanOrEqual(1);
      let [shift] = await serverShifts();
      expect(shift).toMatchObject({ status: 'aberto', movements: [], closing: null });

      await callCore(core, 'shifts.movement', { kind: 'suprimento', amountCents: 50_00, reason: 'Troco extra' });
      await sync(core);
      [shift] = await serverShifts();
      expect(shift.movements).toEqual([expect.objectContaining({ kind: 'suprimento', amountCents: 50_00, reason: 'Troco extra' })]);

      await callCore(core, 'shifts.movement', { kind: 'sangria', amountCents: 120_00, reason: 'Cofre' });
      await sync(core);
      expect(core.services.retaguarda.scan()).toBe(0); // each state once
      [shift] = await serverShifts();
      expect(shift.status).toBe('aberto');
      expect(shift.movements.map((m) => [m.kind, m.amountCents])).toEqual([
        ['suprimento', 50_00],
        ['sangria', 120_00],
      ]);

      await callCore(core, 'shifts.close', { counted: [{ formCode: 1, countedCents: 30_00 }] });
      await sync(core);
      const all = await serverShifts();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ id: shift.id, status: 'fechado', closing: expect.anything() });
      expect(all[0].movements).toHaveLength(2);
      expect(core.services.retaguarda.scan()).toBe(0);
    } finally {
      core.close();
    }
  });
});
