import type { HandlerGroup } from '../app/dispatch';
import { AppError } from '../app/errors';
import type { Db } from '../db/open';
import { trackLastFinalized } from './last-finalized';
import { THOUSANDTHS } from '../../shared/quantity';
import type { ScannedProduct } from '../catalog/repo';
import type { SalesService } from './service';

/**
 * `db` (optional): with it, the last finalized sale is tracked for 'sales.lastFinalized'.
 * `weigh` (optional): the scale's weight (thousandths) for a fractional product scanned or picked without a
 * quantity (core/scale/handlers.ts); without it such a product is refused with 'scale.weightNeeded'.
 */
export function salesHandlers(sales: SalesService, db?: Db, weigh?: (p: ScannedProduct) => Promise<number>): HandlerGroup {
  const last = db ? trackLastFinalized(sales, db) : null;
  return {
    'sales.lastFinalized': () => last?.get() ?? null,
    'sales.current': () => sales.current(),
    'sales.scan': async ({ text, confirmLarge }) => {
      if (!weigh) return sales.scan(text, confirmLarge);
      const plan = sales.resolveScan(text);
      const needsWeight = plan.kind === 'product' && plan.quantity === null && plan.product.fractional;
      return sales.addPlanned(plan, needsWeight ? await weigh(plan.product) : (plan.quantity ?? THOUSANDTHS), confirmLarge);
    },
    'sales.addProduct': async ({ code, quantity, confirmLarge }) => {
      if (quantity !== undefined || !weigh) return sales.addProduct(code, quantity ?? null, confirmLarge);
      const product = sales.productForAdd(code);
      if (!product.fractional) return sales.addProduct(code, null, confirmLarge);
      return sales.addPlanned({ kind: 'product', product, quantity: null }, await weigh(product), confirmLarge);
    },
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
