import type { HandlerGroup } from '../app/dispatch';
import { AppError } from '../app/errors';
import type { Db } from '../db/open';
import { trackLastFinalized } from './last-finalized';
import type { SalesService } from './service';

/** `db` (optional): with it, the last finalized sale is tracked for 'sales.lastFinalized'. */
export function salesHandlers(sales: SalesService, db?: Db): HandlerGroup {
  const last = db ? trackLastFinalized(sales, db) : null;
  return {
    'sales.lastFinalized': () => last?.get() ?? null,
    'sales.current': () => sales.current(),
    'sales.scan': ({ text, confirmLarge }) => sales.scan(text, confirmLarge),
    'sales.addProduct': ({ code, quantity, confirmLarge }) => sales.addProduct(code, quantity, confirmLarge),
    'sales.setQuantity': ({ lineId, quantity, confirmLarge }) => sales.setQuantity(lineId, quantity, confirmLarge),
    'sales.removeLine': ({ lineId }) => sales.removeLine(lineId),
    'sales.setLineDiscount': ({ lineId, cents, basisPoints }) => sales.setLineDiscount(lineId, { cents, basisPoints }),
    'sales.setSaleDiscount': ({ cents, basisPoints }) => sales.setSaleDiscount({ cents, basisPoints }),
    'sales.addPayment': ({ formCode, amountCents }) => {
      // PIX (17) and Carteira Digital (18) enter the sale only when the payment API approves the charge.
      if (formCode === 17 || formCode === 18) throw new AppError('payment.viaApi', 'PIX e Carteira Digital são cobrados pela API de pagamento: use o botão "PIX" (ou "Carteira Digital").');
      return sales.addPayment(formCode, amountCents);
    },
    'sales.removePayment': ({ paymentId }) => sales.removePayment(paymentId),
    'sales.finalize': ({ withoutPayment }) => sales.finalize({ withoutPayment }),
    'sales.discard': () => sales.discard(),
    'sales.list': ({ status, limit }) => sales.list(status, limit),
    'sales.get': ({ id }) => sales.get(id),
  };
}
