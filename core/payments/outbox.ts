import { z } from 'zod';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import type { DeliveryOutcome, OutboxRow } from '../outbox/types';
import { PaymentApiError, type PaymentClient } from '../partners/pix/client';
import { orderMismatch } from './match';
import { formatBRL } from '../../shared/money';
import type { Attempt, AttemptsRepo, AttemptStatus } from './repo';
import type { PixService } from './service';

/** The payloads of the payment channel's kinds, parsed before each delivery (a row that does not fit goes to a person). */
const CancelPayload = z.object({ attemptId: z.number().int(), orderRef: z.string() });
/** The amount is checked by the delivery itself (never more than charged minus refunded: 'payment.refundTooLarge'). */
const RefundPayload = z.object({ attemptId: z.number().int(), amountCents: z.number() });
type RefundPayload = z.infer<typeof RefundPayload>;
const MismatchPayload = z.object({ reason: z.string().optional(), orderRef: z.string().optional() });

/**
 * Cancelling a finished sale paid by PIX: one `payment.refund` row per
 * approved charge, for what was not refunded yet. Call INSIDE the
 * cancellation's transaction (the cancel pipeline's payments.refundPix step); kick the
 * outbox worker after it commits. Returns the rows' opIds.
 */
export function enqueuePixRefunds(outboxRepo: OutboxRepo, db: Db, sale: { id: string }): string[] {
  const rows = db
    .prepare<[string], Attempt>(`SELECT * FROM payment_orders WHERE sale_id = ? AND status IN ('approved', 'partial_refunded') AND order_id IS NOT NULL ORDER BY id`)
    .all(sale.id);
  const ids: string[] = [];
  for (const a of rows) {
    const amountCents = a.amount_cents - a.refunded_cents;
    if (amountCents <= 0) continue;
    const row = outboxRepo.enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: sale.id, saleId: sale.id, payload: { attemptId: a.id, amountCents } satisfies RefundPayload });
    ids.push(row.opId);
  }
  return ids;
}

function failure(err: unknown, worker: OutboxWorker): DeliveryOutcome {
  if (err instanceof PaymentApiError && (err.communication || err.failure === 'auth')) {
    if (err.communication) worker.notifyOffline('payment', err.message);
    return { status: 'retry', code: err.code, message: err.message };
  }
  const e = err as { code?: string; message?: string };
  return { status: 'attention', code: e.code ?? 'payment.error', message: e.message ?? String(err) };
}

/** Registers the delivery of `payment.cancel` and `payment.refund` (once, in compose). */
export function registerPaymentDeliveries(worker: OutboxWorker, deps: { attempts: AttemptsRepo; client: PaymentClient; pix: PixService }): void {
  const { attempts, client, pix } = deps;
  const set = (a: Attempt, status: AttemptStatus, extra: Partial<Attempt> = {}) => {
    attempts.update(a.id, { status, ...extra });
    pix.changed(a.id);
    if (status === 'refund_pending') pix.watch(a.id);
  };

  const cancel = async (row: OutboxRow<z.infer<typeof CancelPayload>>): Promise<DeliveryOutcome> => {
    const p = row.payload;
    const a = attempts.get(p.attemptId);
    if (!a) return { status: 'attention', code: 'payment.notFound', message: `Tentativa de PIX ${p.attemptId} não encontrada.` };
    try {
      let orderId = a.order_id;
      if (!orderId) {
        const found = await client.findByExternalId(a.order_ref);
        if (found.length === 0) {
          set(a, 'cancelled', { last_error: null });
          return { status: 'done', result: { status: 'not_created' } };
        }
        orderId = found[0].orderId;
        attempts.update(a.id, { order_id: orderId });
      }
      const status = await client.cancelOrder(orderId);
      worker.notifyOnline('payment');
      switch (status) {
        case 'cancelled':
        case 'expired':
          set(a, status);
          return { status: 'done', result: { status } };
        case 'refunded':
          set(a, 'refunded', { refunded_cents: a.amount_cents });
          return { status: 'done', result: { status } };
        case 'refund_pending':
        case 'partial_refunded':
          set(a, status);
          return { status: 'done', result: { status } };
        case 'pending':
        case 'pendingv':
          return { status: 'retry', code: 'payment.cancelFailed', message: 'A API de pagamento não conseguiu cancelar o pedido (continua pendente).' };
        case 'approved':
          return { status: 'retry', code: 'payment.refundFailed', message: 'O pedido foi pago e o estorno falhou na API de pagamento.' };
      }
    } catch (err) {
      return failure(err, worker);
    }
  };

  // An answer that did not match its order (see PixService.mismatch): a person looks at it, nothing is sent.
  const mismatch = async (row: OutboxRow<z.infer<typeof MismatchPayload>>): Promise<DeliveryOutcome> => {
    const p = row.payload;
    return { status: 'attention', code: 'payment.mismatch', message: `Resposta da API de pagamento não confere com o PIX ${p.orderRef ?? ''}: ${p.reason ?? 'sem detalhe'}. Nada foi registrado; confira o pedido no painel da API.` };
  };

  const refund = async (row: OutboxRow<RefundPayload>): Promise<DeliveryOutcome> => {
    const p = row.payload;
    const a = attempts.get(p.attemptId);
    if (!a?.order_id) return { status: 'attention', code: 'payment.notFound', message: `Pedido do PIX ${p.attemptId} não encontrado.` };
    // Never more than what was charged minus what was already refunded.
    const refundable = a.amount_cents - a.refunded_cents;
    if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0 || p.amountCents > refundable) {
      return { status: 'attention', code: 'payment.refundTooLarge', message: `Estorno de ${formatBRL(p.amountCents)} acima do que pode ser devolvido neste PIX (${formatBRL(Math.max(0, refundable))}).` };
    }
    try {
      if (row.attempts > 1) {
        // A retry after a lost answer: the refund may already be done.
        const info = await client.getOrder(a.order_id);
        const bad = orderMismatch(a, info);
        if (bad) return { status: 'attention', code: 'payment.mismatch', message: `Resposta da API de pagamento não confere: ${bad}.` };
        if (info.status === 'refunded' || info.status === 'refund_pending' || (info.refundedCents ?? 0) >= a.refunded_cents + p.amountCents) {
          pix.apply(a.id, info);
          if (info.status === 'refund_pending') set(a, 'refund_pending');
          return { status: 'done', result: { status: info.status } };
        }
      }
      const status = await client.refundOrder(a.order_id, p.amountCents);
      worker.notifyOnline('payment');
      switch (status) {
        case 'refunded':
          set(a, 'refunded', { refunded_cents: a.refunded_cents + p.amountCents });
          return { status: 'done', result: { status } };
        case 'partial_refunded':
          set(a, 'partial_refunded', { refunded_cents: a.refunded_cents + p.amountCents });
          return { status: 'done', result: { status } };
        case 'refund_pending':
          set(a, 'refund_pending');
          return { status: 'done', result: { status } };
        case 'approved':
          return { status: 'retry', code: 'payment.refundFailed', message: 'O estorno falhou na API de pagamento (pedido continua aprovado).' };
        default:
          return { status: 'attention', code: 'payment.unexpected', message: `Estorno: status inesperado "${status}".` };
      }
    } catch (err) {
      return failure(err, worker);
    }
  };

  worker.register('payment.cancel', { payload: CancelPayload, label: 'Cancelamento PIX', deliver: cancel });
  worker.register('payment.mismatch', { payload: MismatchPayload, label: 'Conferência PIX', deliver: mismatch });
  // A refund must not wait for a person to settle a refused cancel of the same sale.
  worker.register('payment.refund', { payload: RefundPayload, label: 'Devolução PIX', deliver: refund, proceedsAfterAttention: true });
}
