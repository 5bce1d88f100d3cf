import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import { BONUS_PENDING_TEXT } from '../../shared/api/outbox';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { loadConfig } from '../app/config';
import { ANA, TOKEN } from '../../test-support/hub-kit';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { enqueueRoute } from '../../test-support/hub-outbox-kit';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore | undefined;
let hub: HubSandbox | undefined;
afterEach(async () => {
  core?.close();
  await hub?.close();
  core = hub = undefined;
});

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error!.message);
  return r.value as T;
}

/** As the loyalty flow's step: the marked sale's GerarBonus queued inside its finalize transaction. */
const bonus = { saleId: '', opId: '' };
const bonusStep = () => ({
  finalize: [
    {
      name: 'test.enqueueGerarBonus',
      run: (sale: Sale) => {
        if (sale.id === bonus.saleId) bonus.opId = enqueueRoute(core!.db, core!.services.outbox.repo, { ...sale, customerCpf: ANA }, 'GerarBonus').opId;
      },
    },
  ],
});

/** A sale finished through the real API (customer CPF on it), its GerarBonus queued in the same transaction. */
async function sellWithBonus(c: TestCore): Promise<{ sale: Sale; opId: string }> {
  c.db.prepare(`UPDATE sales SET customer_cpf = ? WHERE status = 'aberta'`).run(ANA);
  await ok(c.dispatch('sales.scan', { text: '7891234567895' }));
  const open = await ok<Sale>(c.dispatch('sales.current', {}));
  bonus.saleId = open.id;
  bonus.opId = '';
  await ok(c.dispatch('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents }));
  const { sale } = await ok<{ sale: Sale }>(c.dispatch('sales.finalize', {}));
  c.services.outbox.worker.kick();
  return { sale, opId: bonus.opId };
}

const previewText = async (c: TestCore, saleId: string) =>
  (await ok<{ lines: { text: string }[] }>(c.dispatch('printing.preview', { saleId }))).lines.map((l) => l.text.trim()).join('\n');

describe('per-sale sync state (receipt, Minhas vendas)', () => {
  it('the receipt says the bonus will be credited when the connection is back, until GerarBonus is delivered', async () => {
    hub = await startHubSandbox({ port: 0 });
    const dir = tempDir();
    core = await createTestCore({ dataDir: dir, config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: hub.url }), hubTimeoutMs: 3000, extraSteps: bonusStep });
    core.services.loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
    const { repo, worker } = core.services.outbox;
    await hub.control.setDown(true);
    const { sale, opId } = await sellWithBonus(core);
    expect(opId).not.toBe('');
    await worker.until(() => repo.byOpId(opId)!.status === 'retrying', 60_000);

    expect(await ok(core.dispatch('outbox.saleState', { saleId: sale.id }))).toMatchObject({ open: 1, bonusPending: true });
    expect(await previewText(core, sale.id)).toContain(BONUS_PENDING_TEXT.split(' ').slice(0, 3).join(' '));
    const list = await ok<{ total: number; rows: { saleNumber: string; customer: string; route: string; status: string }[] }>(core.dispatch('outbox.list', {}));
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ saleNumber: `nº ${sale.documentNumber}`, customer: '***.982.247-**', route: 'GerarBonus', status: 'retrying' });

    await hub.control.setDown(false);
    expect(await ok(core.dispatch('outbox.resend', {}))).toEqual({ count: 1 });
    await worker.until(() => repo.byOpId(opId)!.status === 'done', 60_000);
    expect(await ok(core.dispatch('outbox.saleState', { saleId: sale.id }))).toMatchObject({ open: 0, bonusPending: false });
    expect(await previewText(core, sale.id)).not.toContain('Bônus será creditado');
    expect(hub.control.effects('GerarBonus').map((e) => e.guid)).toEqual([opId]);
  });

  it('Descartar needs a reason and records the current operator', async () => {
    core = await createTestCore();
    const { repo } = core.services.outbox;
    const row = repo.enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: 'x', payload: {} });
    core.db.prepare(`UPDATE outbox SET status = 'attention', last_error = 'Recusado' WHERE id = ?`).run(row.id);
    const bad = await core.dispatch('outbox.discard', { id: row.id, reason: ' ' });
    expect(bad.ok).toBe(false);
    expect((bad as { error: { message: string } }).error.message).toMatch(/motivo/i);
    expect(repo.get(row.id)!.status).toBe('attention');
    const r = await ok(core.dispatch('outbox.discard', { id: row.id, reason: 'Estorno feito na maquininha' }));
    expect(r).toMatchObject({ status: 'discarded', discardedBy: expect.stringMatching(/^Gerente \(#\d+\)$/) });
    expect(repo.get(row.id)).toMatchObject({ status: 'discarded', discardedReason: 'Estorno feito na maquininha', discardedBy: expect.stringMatching(/^Gerente \(#\d+\)$/) });
    expect(await ok(core.dispatch('outbox.list', {}))).toMatchObject({ total: 0, rows: [] });
  });
});
