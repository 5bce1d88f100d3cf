import type { SaleTotals } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';

/** Payment form 90 of the hub contract: "Sem Pagamento" (a sale whose net is R$ 0,00). */
export const NO_PAYMENT_FORM = 90;

/**
 * The zero-value sale rule, checked in the finalize transaction of a sale with items:
 * - net 0 and nothing paid: refused until the cashier confirms ('sale.zeroNeedsConfirmation'),
 *   then recorded with form 90 ('record');
 * - `withoutPayment` on a sale that has something to pay is refused (never finalize unpaid);
 * - otherwise the usual paid = total rule applies ('normal').
 */
export function checkZeroSale(totals: SaleTotals, withoutPayment: boolean): 'record' | 'normal' {
  const zero = totals.netCents === 0 && totals.paidCents === 0;
  if (zero && !withoutPayment) {
    throw new AppError(
      'sale.zeroNeedsConfirmation',
      'Venda de R$ 0,00: confirme para finalizar sem pagamento (forma "Sem Pagamento").',
    );
  }
  if (!zero && withoutPayment) {
    throw new AppError(
      'sale.notZero',
      totals.netCents > 0
        ? `Só uma venda de R$ 0,00 finaliza sem pagamento; esta tem ${formatBRL(totals.netCents)} a pagar.`
        : 'Remova os pagamentos antes de finalizar sem pagamento.',
    );
  }
  return zero ? 'record' : 'normal';
}
