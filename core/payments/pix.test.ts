import { afterEach, describe, expect, it } from 'vitest';
import type { PixView } from '../../shared/api/payments';
import type { Sale } from '../../shared/api/sales';
import { startPaymentSandbox } from '../../test-support/peers';
import { decodeEscPos } from '../printing/decoder';
import { buildSaleReceipt } from '../printing/receipts';
import { PaymentClient } from '../partners/pix/client';
import { enqueuePixRefunds } from './outbox';
import { pixAttempt, pixCall, pollRound, setupPix, until, VirtualClock, type PixKit } from '../../test-support/pix-kit';

let kit: PixKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const call = pixCall;
const attempt = pixAttempt;

describe('payment client (auth)', () => {
  it('reuses the token, refreshes when it expires, and on a 401 refreshes once else authenticates again', async () => {
    const clock = new VirtualClock();
    const sb = await startPaymentSandbox({ now: clock.now });
    try {
      const client = new PaymentClient({ connection: () => ({ baseUrl: sb.url, accessKey: 'a', secretKey: 's', clientId: 'c', wallet: null }), now: clock.now });
      await client.wallets();
      await client.wallets();
      expect(sb.control.requests('pdvauth')).toHaveLength(1);
      expect(sb.control.requests('pdvauth')[0].body).toEqual({ access_key: 'a', secret_key: 's', client_id: 'c' });
      clock.advance(14_400_000); // the access token's 4 h
      await client.wallets();
      expect(sb.control.requests('refresh-token')).toHaveLength(1);
      expect(sb.control.requests('refresh-token')[0].body).toBeNull();
      expect(sb.control.requests('pdvauth')).toHaveLength(1);
      sb.control.expireTokens(); // server-side: the access token is refused
      expect(await client.chooseWallet(null)).toBe('pix');
      const seq = sb.control.requests().slice(-3).map((r) => `${r.route}:${r.status}`);
      expect(seq).toEqual(['wallets:401', 'refresh-token:200', 'wallets:200']);
      sb.control.expireTokens(true); // refresh token too: authenticate again
      await client.wallets();
      expect(sb.control.requests().slice(-4).map((r) => `${r.route}:${r.status}`)).toEqual(['wallets:401', 'refresh-token:401', 'pdvauth:200', 'wallets:200']);
      sb.control.setWallets([]);
      await expect(client.chooseWallet(null)).rejects.toThrow(/Nenhuma carteira/);
    } finally {
      await sb.close();
    }
  });
});

describe('PIX at the counter (core + sandbox over HTTP)', () => {
  it('creates the order (items add up, order_ref persisted first), polls no faster than 3 s, records APROVADO with the end-to-end id', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '3*7896005800010' }); // 3 × 8,49
    await call(k, 'sales.scan', { text: '7891234567895' }); // 29,90
    await call(k, 'sales.setSaleDiscount', { cents: 101 });
    const sale = await call<Sale>(k, 'sales.current');
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: sale.totals.netCents });
    expect(v).toMatchObject({ status: 'pending', panel: 'PENDENTE', amountCents: 5436 });
    expect(v.qrCodeText).toMatch(/^000201/);
    const create = k.sandbox.control.requests('order.create');
    expect(create).toHaveLength(1);
    const body = create[0].body as { order_ref: string; total: number; items: { quantity: number; unit_price: number }[] };
    expect(body.order_ref).toBe(v.orderRef);
    expect(body.total).toBe(54.36);
    expect(Math.round(body.items.reduce((s, i) => s + i.quantity * i.unit_price * 100, 0))).toBe(5436);

    await pollRound(k);
    await pollRound(k);
    k.sandbox.control.pay(v.orderId!);
    await pollRound(k);
    await until(() => attempt(k, v.attemptId).status === 'approved');
    const gets = k.sandbox.control.requests('order.get').map((r) => r.atMs);
    for (let i = 1; i < gets.length; i++) expect(gets[i] - gets[i - 1]).toBeGreaterThanOrEqual(3_000);
    const a = attempt(k, v.attemptId);
    const paid = await call<Sale>(k, 'sales.current');
    expect(paid.payments).toHaveLength(1);
    expect(paid.payments[0]).toMatchObject({ formCode: 17, amountCents: 5436, reference: a.wallet_payment_id, id: a.payment_id });
    expect(a.wallet_payment_id).toMatch(/^E\d{8}/);
    expect(a.order_id).toBe(v.orderId);
    const { sale: done } = await call<{ sale: Sale }>(k, 'sales.finalize');
    expect(done.payments[0].reference).toBe(a.wallet_payment_id);
    // The receipt prints the PIX end-to-end id.
    const receipt = decodeEscPos(buildSaleReceipt(done, { name: 'Loja', cnpj: '54517628001593', address: 'Rua A, 1' }, { type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE', cut: true, drawer: false, barcode: false }));
    expect(receipt.lines.map((l) => l.text).join('\n')).toContain(`PIX id: ${a.wallet_payment_id}`);
  });

  it('never polls faster than 3 s even when configured lower', async () => {
    kit = await setupPix();
    expect(kit.core.services.payments.pix.interval).toBe(3_000);
  });

  it('expires after 60 minutes (EXPIRADO), then a new QR is a new attempt with a new order_ref', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    await until(() => k.clock.parked > 0);
    k.clock.advance(60 * 60_000);
    await until(() => attempt(k, v.attemptId).status === 'expired');
    expect((await call<PixView>(k, 'payments.pixCurrent')).panel).toBe('EXPIRADO');
    const again = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    expect(again.orderRef).not.toBe(v.orderRef);
    expect(again.status).toBe('pending');
  });

  it('"Cancelar PIX" and abandoning the sale cancel the order at the API; a just-paid order is refunded', async () => {
    kit = await setupPix({ refundSettleMs: 5_000 });
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v1 = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    await call(k, 'payments.pixCancel', { attemptId: v1.attemptId });
    await until(() => attempt(k, v1.attemptId).status === 'cancelled');
    expect(k.sandbox.control.order(v1.orderId!)!.status).toBe('cancelled');

    // Paid at the customer's phone, not yet seen by the watcher, and the cashier abandons the sale (F8).
    const v2 = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    k.sandbox.control.pay(v2.orderId!);
    await call(k, 'sales.discard');
    await until(() => attempt(k, v2.attemptId).status === 'refund_pending');
    k.sandbox.control.advance(5_000);
    await pollRound(k);
    await until(() => attempt(k, v2.attemptId).status === 'refunded');
    expect(k.sandbox.control.order(v2.orderId!)!.status).toBe('refunded');
    expect(k.sandbox.control.requests('order.cancel').every((r) => r.body === null)).toBe(true);
  });

  it('paying another way cancels the open order; removing an approved PIX payment refunds it', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 1000 });
    await call(k, 'sales.addPayment', { formCode: 1, amountCents: 500 });
    await until(() => attempt(k, v.attemptId).status === 'cancelled');

    const v2 = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 1000 });
    k.sandbox.control.pay(v2.orderId!);
    await pollRound(k);
    await until(() => attempt(k, v2.attemptId).status === 'approved');
    const sale = await call<Sale>(k, 'sales.current');
    const pix = sale.payments.find((p) => p.formCode === 17)!;
    await call(k, 'sales.removePayment', { paymentId: pix.id });
    await until(() => attempt(k, v2.attemptId).status === 'refunded');
    expect(k.sandbox.control.order(v2.orderId!)!.status).toBe('refunded');
  });

  it('refunds a finished sale in full (ESTORNO) and partially (ESTORNO PARCIAL) through the outbox', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    k.sandbox.control.pay(v.orderId!);
    await pollRound(k);
    await until(() => attempt(k, v.attemptId).status === 'approved');
    const { sale } = await call<{ sale: Sale }>(k, 'sales.finalize');
    const { repo, worker } = k.core.services.outbox;
    const ids = k.core.db.transaction(() => enqueuePixRefunds(repo, k.core.db, sale))();
    worker.kick();
    const rows = await worker.waitFor(ids, 30_000);
    expect(rows.map((r) => r.status)).toEqual(['done']);
    expect((k.sandbox.control.requests('order.refund')[0].body as { amount: number }).amount).toBe(29.9);
    expect((await call<PixView[]>(k, 'payments.pixForSale', { saleId: sale.id }))[0]).toMatchObject({ panel: 'ESTORNO', refundedCents: 2990 });

    await call(k, 'sales.scan', { text: '7891234567895' });
    const p = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    k.sandbox.control.pay(p.orderId!);
    await pollRound(k);
    await until(() => attempt(k, p.attemptId).status === 'approved');
    const { sale: s2 } = await call<{ sale: Sale }>(k, 'sales.finalize');
    const partial = k.core.db.transaction(() => repo.enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: s2.id, saleId: s2.id, payload: { attemptId: p.attemptId, amountCents: 1000 } }))();
    worker.kick();
    await worker.waitFor([partial.opId], 30_000);
    expect((await call<PixView[]>(k, 'payments.pixForSale', { saleId: s2.id }))[0]).toMatchObject({ panel: 'ESTORNO PARCIAL', refundedCents: 1000 });
  });

  it('cancelling a finished PIX sale (Minhas vendas > Cancelar) refunds it in full through the outbox, in the cancel transaction', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    k.sandbox.control.pay(v.orderId!);
    await pollRound(k);
    await until(() => attempt(k, v.attemptId).status === 'approved');
    const { sale } = await call<{ sale: Sale }>(k, 'sales.finalize');
    await call(k, 'cancellation.cancel', { saleId: sale.id, reason: 'Cliente desistiu da compra' });
    const refunds = k.core.services.outbox.repo.forSale(sale.id).filter((r) => r.kind === 'payment.refund');
    expect(refunds).toHaveLength(1);
    await k.core.services.outbox.worker.waitFor([refunds[0].opId], 30_000);
    await until(() => k.core.services.outbox.repo.byOpId(refunds[0].opId)!.status === 'done');
    expect(k.sandbox.control.requests('order.refund').map((r) => (r.body as { amount: number }).amount)).toEqual([29.9]);
    expect((await call<PixView[]>(k, 'payments.pixForSale', { saleId: sale.id }))[0]).toMatchObject({ panel: 'ESTORNO', refundedCents: 2990 });
    expect(k.core.db.prepare(`SELECT status FROM sales WHERE id = ?`).get(sale.id)).toEqual({ status: 'cancelada' });
  });

  it('a timeout on create looks the order up by external_id instead of creating another', async () => {
    kit = await setupPix({ timeoutMs: 1_500 });
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    k.sandbox.control.setFault({ route: 'order.create', kind: 'timeout', afterEffect: true, times: 1 });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    expect(v.status).toBe('pending');
    expect(v.qrCodeText).toMatch(/^000201/);
    expect(k.sandbox.control.requests('order.create')).toHaveLength(1);
    expect(k.sandbox.control.requests('orders.list')).toHaveLength(1);
    expect(k.sandbox.control.orders().filter((o) => o.orderRef === v.orderRef)).toHaveLength(1);
    expect(k.sandbox.control.orders()).toHaveLength(1);
  });

  it('API down when "PIX" is pressed: a clear message and nothing half-recorded', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    await k.sandbox.control.setDown(true);
    await expect(call(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 })).rejects.toThrow(/fora do ar/);
    const sale = await call<Sale>(k, 'sales.current');
    expect(sale.payments).toHaveLength(0);
    expect(await call(k, 'payments.pixCurrent')).toBeNull();
    await k.sandbox.control.setDown(false);
  });

  it('after a restart an open order is watched again and its approval recorded', async () => {
    const clock = new VirtualClock();
    const sandbox = await startPaymentSandbox({ now: clock.now, refundSettleMs: 0 });
    try {
      const first = await setupPix({ sandbox, clock });
      await call(first, 'sales.scan', { text: '7891234567895' });
      const v = await call<PixView>(first, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
      await first.close();
      kit = await setupPix({ sandbox, clock, dataDir: first.core.dataDir });
      const k = kit;
      expect((await call<PixView>(k, 'payments.pixCurrent')).panel).toBe('PENDENTE');
      sandbox.control.pay(v.orderId!);
      await pollRound(k);
      await until(() => attempt(k, v.attemptId).status === 'approved');
      expect((await call<Sale>(k, 'sales.current')).payments[0].formCode).toBe(17);
    } finally {
      await kit?.close();
      kit = null;
      await sandbox.close();
    }
  });
});

describe('payment client (bounded answers and faults)', () => {
  it('refuses malformed answers, out-of-bounds amounts and oversized bodies with clear errors', async () => {
    const sb = await startPaymentSandbox();
    try {
      const conn = () => ({ baseUrl: sb.url, accessKey: 'a', secretKey: 's', clientId: 'c', wallet: null });
      const client = new PaymentClient({ connection: conn });
      const order = await client.createOrder({ orderRef: 'r-1', wallet: 'pix', totalCents: 1000, items: [{ title: 'A', quantity: 1, unitCents: 1000 }] });
      sb.control.setFault({ route: 'order.get', kind: 'malformed', malformed: 'not-json', times: 1 });
      await expect(client.getOrder(order.orderId)).rejects.toThrow(/Resposta inválida da API de pagamento: o corpo não é JSON/);
      sb.control.setFault({ route: 'order.get', kind: 'malformed', malformed: 'wrong-shape', times: 1 });
      await expect(client.getOrder(order.orderId)).rejects.toMatchObject({ code: 'payment.badAnswer' });
      sb.control.setFault({ route: 'order.get', kind: 'http500', times: 1 });
      await expect(client.getOrder(order.orderId)).rejects.toMatchObject({ code: 'payment.unknown' });
      sb.control.setFault({ route: 'order.get', kind: 'unauthorized', times: 1 });
      expect((await client.getOrder(order.orderId)).status).toBe('pending'); // 401 → refresh → retry once
      const tiny = new PaymentClient({ connection: conn, maxBodyBytes: 64 });
      await expect(tiny.authenticate()).rejects.toThrow(/grande demais/);
      await expect(client.getOrder('nao-existe')).rejects.toThrow(/Order not Found/);
    } finally {
      await sb.close();
    }
  });

  it('a refused cancel (the API answers "pending") is retried by the outbox until it works', async () => {
    kit = await setupPix();
    const k = kit;
    await call(k, 'sales.scan', { text: '7891234567895' });
    const v = await call<PixView>(k, 'payments.pixStart', { formCode: 17, amountCents: 2990 });
    k.sandbox.control.setFault({ route: 'order.cancel', kind: 'refuse', times: 1 });
    await call(k, 'payments.pixCancel', { attemptId: v.attemptId });
    await until(() => attempt(k, v.attemptId).status === 'cancelled');
    const answers = k.sandbox.control.requests('order.cancel').map((r) => r.fault);
    expect(answers).toEqual(['refuse', null]);
    expect(k.core.services.outbox.repo.forSale(v.saleId).map((r) => r.kind)).toEqual(['payment.cancel']);
  });
});

describe('crash in the middle of creating an order (kill -9)', () => {
  it('on restart the attempt left "creating" is looked up by its order_ref and watched, never created twice', async () => {
    const clock = new VirtualClock();
    const sandbox = await startPaymentSandbox({ now: clock.now, refundSettleMs: 0 });
    try {
      const first = await setupPix({ sandbox, clock });
      await call(first, 'sales.scan', { text: '7891234567895' });
      const sale = await call<Sale>(first, 'sales.current');
      // The row was written, the order reached the API, and the process died before the answer.
      const a = first.core.services.payments.attempts.create(sale.id, 17, 2990, 'REF-CRASH-1');
      await first.core.services.payments.client.createOrder({ orderRef: 'REF-CRASH-1', wallet: 'pix', totalCents: 2990, items: [{ title: 'Arroz', quantity: 1, unitCents: 2990 }] });
      await first.close();
      kit = await setupPix({ sandbox, clock, dataDir: first.core.dataDir });
      const k = kit;
      await until(() => clock.parked > 0);
      clock.advance(3_000);
      await until(() => attempt(k, a.id).status === 'pending');
      expect((await call<PixView>(k, 'payments.pixCurrent')).qrCodeText).toMatch(/^000201/);
      expect(sandbox.control.requests('orders.list')).toHaveLength(1);
      expect(sandbox.control.orders()).toHaveLength(1);
    } finally {
      await kit?.close();
      kit = null;
      await sandbox.close();
    }
  });
});
