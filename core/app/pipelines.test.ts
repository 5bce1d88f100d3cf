import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import { callCore, createTestCore } from '../../test-support/fixtures';
import { printPipelines } from './pipelines';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore | undefined;
afterEach(() => {
  core?.close();
  core = undefined;
});

describe('the sale pipelines (core/app/pipelines.ts)', () => {
  it('prints every step in order; a step added to a service without being listed here fails this test', async () => {
    core = await createTestCore();
    const printed = printPipelines(core.pipelines);
    console.log(printed);
    expect(printed).toBe(
      [
        'change (each change of the open sale, in its transaction):',
        '  1. shifts.requireOpenShift',
        '  2. loyalty.redecideRedemption',
        '  3. payments.cancelPixOfChangedSale',
        '  4. sales.forgetLastFinalized',
        "finalize (in the one fsync'd transaction, after the number is assigned):",
        '  1. shifts.linkSale',
        '  2. salesQuery.paymentMask',
        '  3. loyalty.enqueueHubOperations',
        '  4. payments.cancelOpenPixCharges',
        '  5. sales.rememberLastFinalized',
        'after finalize (after the commit, off the reply):',
        '  1. printing.automaticReceipt',
        "cancel (in the cancellation's fsync'd transaction):",
        '  1. loyalty.enqueueReversal',
        '  2. payments.refundPix',
      ].join('\n'),
    );
  });

  it('refuses a step registered outside the list: the services take their steps once', async () => {
    core = await createTestCore();
    const extra = { name: 'elsewhere', run: () => {} };
    expect(() => core!.services.sales.install({ change: [], finalize: [extra] })).toThrow(/já foram declarados/);
    expect(() => core!.services.cancellation.install([extra])).toThrow(/já foram declarados/);
  });

  it('both ways to "Finalizar" run the same steps: sales.finalize and loyalty.counter.finalize', async () => {
    const ran: string[] = [];
    core = await createTestCore({ extraSteps: () => ({ finalize: [{ name: 'test.record', run: (sale, input) => void ran.push(`${sale.documentNumber}:${input.campaign ? 'campanha' : 'simples'}`) }] }) });
    const sell = async () => {
      const s = await callCore<Sale>(core!, 'sales.scan', { text: '7891234567895' });
      await callCore(core!, 'sales.addPayment', { formCode: 1, amountCents: s.totals.netCents });
    };
    await sell();
    const a = await callCore<{ sale: Sale }>(core, 'sales.finalize', {});
    await sell();
    const b = await callCore<{ sale: Sale }>(core, 'loyalty.counter.finalize', { campaignId: null, campaignDescription: null, campaignsQueued: false });
    expect(ran).toEqual(['1:simples', '2:campanha']);
    // The declared steps ran for both: the payment-forms mask, the post-sale box.
    const masks = core.db.prepare(`SELECT pay_mask FROM sales WHERE id IN (?, ?) ORDER BY document_number`).pluck().all(a.sale.id, b.sale.id);
    expect(masks).toEqual([2, 2]); // Dinheiro's bit
    expect(await callCore<{ id: string }>(core, 'sales.lastFinalized', {})).toMatchObject({ id: b.sale.id });
  });
});
