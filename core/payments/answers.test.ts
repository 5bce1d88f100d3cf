import { afterEach, describe, expect, it } from 'vitest';
import type { PixView } from '../../shared/api/payments';
import type { Sale } from '../../shared/api/sales';
import { pixAttempt as attempt, pixCall as call, pollRound, setupPix, until, type PixKit } from '../../test-support/pix-kit';

/**
 * A malicious (or broken) payment API, reproduced with the sandbox's `tamper` fault: every answer is checked
 * against what was asked — order id, order_ref/external_id, exact cents, wallet — and one that does not match
 * records nothing, shows the cashier why and waits in "Sincronização" as needing attention.
 */
let kit: PixKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const mismatchRows = (k: PixKit) => k.core.db.prepare<[], { status: string; last_error: string }>(`SELECT status, last_error FROM outbox WHERE kind = 'payment.mismatch'`).all();

async function startPix(k: PixKit, cents = 2990): Promise<PixView> {
  await call(k, 'sales.scan', { text: '7891234567895' }); // 29,90
  return call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: cents });
}

describe('payment answers are checked against the order asked about', () => {
  it('GET /order answering "approved" for ANOTHER order (R$ 0,01) records nothing; the cashier and Sincronização see why', async () => {
    kit = await setupPix();
    const k = kit;
    const v = await startPix(k);
    k.sandbox.control.setFault({ route: 'order.get', kind: 'tamper', merge: { order_id: 'SOME-OTHER-ORDER', status: 'approved', paid_amount: 0.01 }, times: 1 });
    await pollRound(k);
    await until(() => mismatchRows(k).some((r) => r.status === 'attention'));
    const sale = await call<Sale>(k, 'sales.current');
    expect(sale.payments).toEqual([]);
    await expect(call(k, 'sales.finalize')).rejects.toThrow();
    const a = attempt(k, v.attemptId);
    expect(a.status).not.toBe('approved');
    expect(a.payment_id).toBeNull();
    expect(a.last_error).toMatch(/PIX não registrado.*SOME-OTHER-ORDER/);
    expect(mismatchRows(k)[0].last_error).toMatch(/SOME-OTHER-ORDER/);
    // "Sincronização" lists it as needing attention, with the reason.
    const list = await call<{ rows: { route: string; status: string; lastError: string | null }[] }>(k, 'outbox.list', { status: 'attention' });
    expect(list.rows).toEqual([expect.objectContaining({ route: 'Conferência PIX', status: 'attention', lastError: expect.stringMatching(/SOME-OTHER-ORDER/) })]);
    // The open charge (ours) is cancelled at the API: no money that cannot be proved stays open.
    await until(() => attempt(k, v.attemptId).status === 'cancelled');
    expect((await call<PixView[]>(k, 'payments.pixForSale', { saleId: v.saleId }))[0].message).toMatch(/não confere/);
  });

  it('an approval of our own order for less than was charged (exact cents) is not recorded', async () => {
    kit = await setupPix();
    const k = kit;
    const v = await startPix(k);
    k.sandbox.control.pay(v.orderId!);
    k.sandbox.control.setFault({ route: 'order.get', kind: 'tamper', merge: { paid_amount: 29.89 }, times: 1 });
    await pollRound(k);
    await until(() => mismatchRows(k).length === 1);
    expect((await call<Sale>(k, 'sales.current')).payments).toEqual([]);
    expect(attempt(k, v.attemptId).last_error).toMatch(/R\$\s29,89/);
  });

  it('POST /order failing and the list answering an unrelated approved order (external_id null): nothing recorded', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    k.sandbox.control.setFault({ route: 'order.create', kind: 'http500', times: 1 });
    k.sandbox.control.setFault({
      route: 'orders.list',
      kind: 'tamper',
      body: { count: 1, data: [{ order_id: 'ALHEIO-1', status: 'approved', paid_amount: 39, total_order: 39, external_id: null, wallet_payment_id: 'E000' }] },
      times: 1,
    });
    await expect(call(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 })).rejects.toThrow(/não foi gerado/);
    expect((await call<Sale>(k, 'sales.current')).payments).toEqual([]);
    expect(k.sandbox.control.requests('orders.list')).toHaveLength(1);
  });

  it('a create answer for another wallet is not adopted', async () => {
    kit = await setupPix();
    const k = kit;
    k.sandbox.control.setFault({ route: 'order.create', kind: 'tamper', merge: { wallet: 'picpay' }, times: 1 });
    const v = await startPix(k);
    expect(v.status).not.toBe('pending');
    expect(v.message).toMatch(/carteira picpay/);
    await until(() => mismatchRows(k).length === 1);
  });

  it('a refund answered as R$ 99.999,99 on a R$ 29,90 PIX is not stored; an oversize refund is never asked', async () => {
    kit = await setupPix({ refundSettleMs: 60_000 });
    const k = kit;
    const v = await startPix(k);
    k.sandbox.control.pay(v.orderId!);
    await pollRound(k);
    await until(() => attempt(k, v.attemptId).status === 'approved');
    const { sale } = await call<{ sale: Sale }>(k, 'sales.finalize');
    await call(k, 'cancellation.cancel', { saleId: sale.id, reason: 'Cliente desistiu da compra' });
    await until(() => attempt(k, v.attemptId).status === 'refund_pending');
    k.sandbox.control.setFault({ route: 'order.get', kind: 'tamper', merge: { status: 'refunded', refunded_amount: 99999.99 } });
    await pollRound(k);
    await until(() => mismatchRows(k).length === 1);
    expect(attempt(k, v.attemptId).refunded_cents).toBe(0);
    expect(attempt(k, v.attemptId).status).toBe('refund_pending');
    await pollRound(k); // the lie again: still one row for a person, nothing stored
    expect(mismatchRows(k)).toHaveLength(1);
    expect(attempt(k, v.attemptId).refunded_cents).toBe(0);
    k.sandbox.control.clearFaults();

    // Our side: a refund row above charged − refunded is never sent.
    const before = k.sandbox.control.requests('order.refund').length;
    const { repo, worker } = k.core.services.outbox;
    const row = k.core.db.transaction(() => repo.enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: `x-${sale.id}`, saleId: sale.id, payload: { attemptId: v.attemptId, amountCents: 9_999_999 } }))();
    worker.kick();
    await until(() => repo.byOpId(row.opId)!.status === 'attention');
    expect(repo.byOpId(row.opId)!.lastErrorCode).toBe('payment.refundTooLarge');
    expect(k.sandbox.control.requests('order.refund')).toHaveLength(before);
  });
});
