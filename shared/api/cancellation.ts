import { z } from 'zod';
import { method } from './define';
import { SESSION, approval } from './access';
import { PrintJob } from './printing';
import { Sale } from './sales';
import { Approval } from './users';

/** Reasons offered in "Motivo" (the cashier may also type another). */
export const CANCEL_REASONS = [
  'Desistência do cliente',
  'Erro de digitação',
  'Produto com defeito',
  'Forma de pagamento errada',
  'Venda duplicada',
] as const;

/** Where the hub's EstornarVenda stands. */
export const ReversalStatus = z.object({
  /** none: the sale never went to the hub; pending: queued/being sent; offline: waiting for the connection; failed: a person must act; done. */
  state: z.enum(['none', 'pending', 'offline', 'failed', 'done']),
  message: z.string().nullable(),
  /** ValorEstornadoUtilizado, ValorEstornadoGerado, SaldoBonusAtual (cents), when done. */
  usedCents: z.number().int().nullable(),
  generatedCents: z.number().int().nullable(),
  balanceCents: z.number().int().nullable(),
  /** The GUID (same on every attempt). */
  guid: z.string().nullable(),
});
export type ReversalStatus = z.infer<typeof ReversalStatus>;

export const Cancellation = z.object({
  saleId: z.string(),
  cancelledAt: z.string(),
  operatorName: z.string(),
  approverName: z.string().nullable(),
  reason: z.string(),
  reversal: ReversalStatus,
});
export type Cancellation = z.infer<typeof Cancellation>;

const WaitMs = z.number().int().min(0).max(30_000).default(0);

export const cancellationApi = {
  /**
   * Cancels a finished sale in ONE transaction (status 'cancelada', the
   * cancellation record, the audit row, the partners' outbox rows). Needs a
   * Gerente: the session's own role, a one-shot approval, or `approval`.
   */
  'cancellation.cancel': method(
    z.object({ saleId: z.string(), reason: z.string().trim().min(3, 'Informe o motivo do cancelamento.').max(200), approval: Approval.optional(), waitMs: WaitMs }),
    z.object({ sale: Sale, cancellation: Cancellation }),
    approval('sale.cancelFinished', ['saleId']),
  ),
  /** The sale's cancellation (null when not cancelled), waiting up to `waitMs` for a queued reversal. */
  'cancellation.get': method(z.object({ saleId: z.string(), waitMs: WaitMs }), Cancellation.nullable(), SESSION),
  /** "Tentar Novamente": sends the SAME EstornarVenda (same GUID) again now and waits up to `waitMs`. */
  /** "CANCELAMENTO DE VENDA" slip, printed from the sale's cancellation record (only for a cancelled sale). */
  'cancellation.printReceipt': method(z.object({ saleId: z.string().max(64) }), PrintJob, SESSION),
  'cancellation.retryReversal': method(z.object({ saleId: z.string(), waitMs: WaitMs }), Cancellation, SESSION),
};
