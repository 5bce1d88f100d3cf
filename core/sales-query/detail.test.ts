import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { callCore, createTestCore } from '../../test-support/fixtures';
import { saleDetail } from './detail';

let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

describe('sale detail: loyalty effects from the outbox', () => {
  it('reads the mapped answers in cents, the chosen campaign, and a refused row (result null) without crashing', async () => {
    core = await createTestCore();
    const c = core;
    const call = (m: string, i: unknown = {}) => callCore<never>(c, m, i);
    await call('sales.scan', { text: '1' });
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    const { sale } = (await call('sales.finalize')) as { sale: { id: string } };
    const { repo } = c.services.outbox;
    c.services.outbox.worker.stop();
    const bonus = repo.enqueue({ kind: 'hub.GerarBonus', channel: 'hub', orderingKey: sale.id, saleId: sale.id, payload: { route: 'GerarBonus', body: { CampanhaId: 101 } } });
    const reversal = repo.enqueue({ kind: 'hub.EstornarVenda', channel: 'hub', orderingKey: sale.id, saleId: sale.id, payload: { route: 'EstornarVenda', body: {} } });
    c.db.prepare(`UPDATE outbox SET status = 'done', result_json = ? WHERE id = ?`).run(JSON.stringify({ guid: bonus.opId, generatedCents: 299, bonusBalanceCents: 15299, message: 'Parabéns' }), bonus.id);
    c.db.prepare(`UPDATE outbox SET status = 'attention', result_json = 'null', last_error = 'Estorno indisponível' WHERE id = ?`).run(reversal.id);
    c.db.prepare(`INSERT INTO sale_loyalty (sale_id, cpf, campaign_id, campaign_description, updated_at) VALUES (?, '52998224725', 101, 'Bônus 10% Clube', '2026-11-30T00:00:00Z')`).run(sale.id);

    const d = saleDetail(c.db, c.services.sales, sale.id);
    expect(d.loyalty).toEqual([
      expect.objectContaining({ kind: 'hub.GerarBonus', bonusCents: 299, balanceCents: 15299, campaign: 'Bônus 10% Clube', message: 'Parabéns' }),
      expect.objectContaining({ kind: 'hub.EstornarVenda', status: 'attention', bonusCents: null, message: 'Estorno indisponível' }),
    ]);
    expect(d.sync).toEqual({ pending: 0, attention: 1, done: 1 });
  });
});
