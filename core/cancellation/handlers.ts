import type { Cancellation } from '../../shared/api/cancellation';
import type { CancellationReceiptData } from '../../shared/api/printing';
import { formatBRL } from '../../shared/money';
import type { HandlerGroup } from '../kernel/handlers';
import { AppError } from '../kernel/errors';
import type { PrintingService } from '../printing/service';
import type { CancellationService } from './service';

/** The slip says what the record says: who approved, why, when, and how each reversal went. */
export function cancellationSlip(c: Cancellation): CancellationReceiptData {
  const reversals =
    c.reversal.state === 'none'
      ? []
      : [
          {
            label: 'Fidelidade (EstornarVenda)',
            ok: c.reversal.state === 'done',
            detail:
              c.reversal.state !== 'done' ? 'Pendente: será reenviado' : c.reversal.balanceCents !== null ? `Saldo atual ${formatBRL(c.reversal.balanceCents)}` : 'Estornado',
          },
        ];
  return { saleId: c.saleId, reason: c.reason, approver: c.approverName ?? c.operatorName, cancelledAt: c.cancelledAt, reversals };
}

export function cancellationHandlers(c: CancellationService, printing: PrintingService): HandlerGroup {
  return {
    'cancellation.cancel': ({ saleId, reason, approval, waitMs }, ctx) => c.cancel(saleId, reason, approval, waitMs, ctx.auth),
    'cancellation.get': ({ saleId, waitMs }) => c.get(saleId, waitMs),
    'cancellation.retryReversal': ({ saleId, waitMs }) => c.retryReversal(saleId, waitMs),
    // Printed from the database, never from what the caller says: only a cancelled sale has this slip.
    'cancellation.printReceipt': async ({ saleId }) => {
      const record = await c.get(saleId, 0);
      if (!record) throw new AppError('cancellation.notCancelled', 'Esta venda não foi cancelada: não há comprovante de cancelamento.');
      return printing.printCancellation(cancellationSlip(record));
    },
  };
}
