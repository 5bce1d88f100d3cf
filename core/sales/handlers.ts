import type { Sale } from '../../shared/api/sales';
import { maskCpf } from '../../shared/cpf';
import type { HandlerGroup } from '../app/dispatch';
import { AppError } from '../app/errors';
import type { Db } from '../db/open';
import { trackLastFinalized } from './last-finalized';
import type { SalesService } from './service';
import { NO_PAYMENT_FORM } from './zero';

/** A finished sale as the screens may see it: the customer's CPF masked (***.456.789-**). */
export function maskedCustomer(sale: Sale): Sale {
  return sale.status === 'aberta' || !sale.customerCpf ? sale : { ...sale, customerCpf: maskCpf(sale.customerCpf) };
}

/**
 * `db` (optional): with it, the last finalized sale is tracked for 'sales.lastFinalized'.
 * `enabledForms` (optional): the forms "Pagamentos" enables; a tender in any other form is refused.
 */
export function salesHandlers(sales: SalesService, db?: Db, enabledForms?: () => number[]): HandlerGroup {
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
      // "Sem Pagamento" is never a tender: a R$ 0,00 sale is finalized without payment (finalize records form 90).
      if (formCode === NO_PAYMENT_FORM) throw new AppError('payment.noPaymentForm', '"Sem Pagamento" só vale para uma venda de R$ 0,00: use "Finalizar sem pagamento".');
      if (enabledForms && !enabledForms().includes(formCode)) {
        throw new AppError('payment.formDisabled', 'Esta forma de pagamento não está habilitada em Configurações > Pagamentos.');
      }
      return sales.addPayment(formCode, amountCents);
    },
    'sales.removePayment': ({ paymentId }) => sales.removePayment(paymentId),
    'sales.finalize': ({ withoutPayment }) => sales.finalize({ withoutPayment }),
    'sales.discard': () => sales.discard(),
    'sales.list': ({ status, limit }) => sales.list(status, limit),
    // Personal data: the full CPF only in the open sale the cashier typed it for; a finished sale answers it masked.
    'sales.get': ({ id }) => maskedCustomer(sales.get(id)),
  };
}
