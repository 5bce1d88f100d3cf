import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import * as admin from '../../server/src/admin/service';
import { saleDetail } from '../../server/src/panel/sales';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { storeFixture, type StoreFixture } from '../../server/src/testing/fixture';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';
import { RETAGUARDA_KIND } from './uploader';

/** Transações > detail shows a card tender's Bandeira, Parcelas, NSU and Autorização as the cashier typed them at the till. */
describe('card details from the till to the panel', () => {
  let kit: EngineKit;
  let fx: StoreFixture;
  beforeAll(async () => {
    kit = await engineKit('pglite');
    fx = await storeFixture(kit, 0);
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('a split sale (cash + credit card in 2x): the card as typed, the cash without one', async () => {
    const t = await admin.createTill(fx.server.db, { storeId: fx.storeId, name: 'Caixa 1' });
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: fx.server.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
    const core = await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 });
    try {
      const scanned = await callCore<Sale>(core, 'sales.scan', { text: '1' });
      await callCore(core, 'sales.addPayment', { formCode: 1, amountCents: 500 });
      const card = { brand: 'Mastercard', installments: 2, nsu: '004512', authorization: 'X7Y8Z9' };
      await callCore(core, 'sales.addPayment', { formCode: 3, amountCents: scanned.totals.netCents - 500, card });
      const { sale } = await callCore<{ sale: Sale }>(core, 'sales.finalize');
      core.services.retaguarda.scan();
      const ids = (core.db.prepare('SELECT op_id FROM outbox WHERE kind = ?').all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
      const rows = await core.services.outbox.worker.waitFor(ids, 30_000);
      expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'done'));

      const admin_ = { userId: randomUUID(), email: 'a@b.c', name: 'Adm', role: 'administrador' as const, storeIds: null, csrf: '', verified: true };
      const [{ id }] = await fx.server.db.query<{ id: string }>('SELECT id FROM sales WHERE till_id = $1', [t.tillId]);
      const detail = await saleDetail(fx.server.db, admin_, id);
      expect(detail.payments.map((p) => [p.formCode, (p as unknown as { card: unknown }).card])).toEqual([
        [1, null],
        [3, card],
      ]);
      expect(detail.sale.totalCents).toBe(sale.totals.netCents);
    } finally {
      core.close();
    }
  });
});
