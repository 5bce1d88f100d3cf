import type { Sale } from '../../shared/api/sales';
import { maskCpf } from '../../shared/cpf';
import type { HandlerGroup } from '../kernel/handlers';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { LastFinalizedTracker } from './last-finalized';
import type { FinalizeInput } from './pipeline';
import { THOUSANDTHS } from '../../shared/quantity';
import type { ScannedProduct } from '../catalog/repo';
import { checkCard, readCardRules } from './card-rules';
import type { SalesService } from './service';
import { NO_PAYMENT_FORM } from './zero';

/** A finished sale as the screens may see it: the customer's CPF masked (***.456.789-**). */
export function maskedCustomer(sale: Sale): Sale {
  return sale.status === 'aberta' || !sale.customerCpf ? sale : { ...sale, customerCpf: maskCpf(sale.customerCpf) };
}

export interface SalesHandlerOptions {
  /** With it: card rules ("Pagamentos") are read and checked. */
  db?: Db;
  /** The forms "Pagamentos" enables; a tender in any other form is refused. */
  enabledForms?: () => number[];
  /**
   * The scale's weight (thousandths) for a fractional product scanned or picked without a quantity
   * (core/scale/handlers.ts); without it such a product is refused with 'scale.weightNeeded'.
   */
  weigh?: (p: ScannedProduct) => Promise<number>;
  /** The last finalized sale for 'sales.lastFinalized' (its steps are in the sale pipeline). */
  lastFinalized?: LastFinalizedTracker;
  /** The one way into "Finalizar" (core/app/pipelines.ts): the commit and what follows it. Default: the commit alone. */
  finalize?: (input: FinalizeInput) => { sale: Sale; next: Sale };
}

export function salesHandlers(sales: SalesService, o: SalesHandlerOptions = {}): HandlerGroup {
  const { db, enabledForms, weigh, lastFinalized: last } = o;
  const finalize = o.finalize ?? ((input: FinalizeInput) => sales.finalize(input));
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
    'sales.addPayment': ({ formCode, amountCents, card }) => {
      // PIX (17) and Carteira Digital (18) enter the sale only when the payment API approves the charge.
      if (formCode === 17 || formCode === 18) throw new AppError('payment.viaApi', 'PIX e Carteira Digital são cobrados pela API de pagamento: use o botão "PIX" (ou "Carteira Digital").');
      // "Sem Pagamento" is never a tender: a R$ 0,00 sale is finalized without payment (finalize records form 90).
      if (formCode === NO_PAYMENT_FORM) throw new AppError('payment.noPaymentForm', '"Sem Pagamento" só vale para uma venda de R$ 0,00: use "Finalizar sem pagamento".');
      if (enabledForms && !enabledForms().includes(formCode)) {
        throw new AppError('payment.formDisabled', 'Esta forma de pagamento não está habilitada em Configurações > Pagamentos.');
      }
      return sales.addPayment(formCode, amountCents, null, db ? checkCard(formCode, card, readCardRules(db)) : (card ?? null));
    },
    'sales.removePayment': ({ paymentId }) => sales.removePayment(paymentId),
    'sales.finalize': ({ withoutPayment }) => finalize({ withoutPayment }),
    'sales.discard': () => sales.discard(),
    'sales.list': ({ status, limit }) => sales.list(status, limit),
    // Personal data: the full CPF only in the open sale the cashier typed it for; a finished sale answers it masked.
    'sales.get': ({ id }) => maskedCustomer(sales.get(id)),
  };
}
