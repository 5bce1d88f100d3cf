import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';
import { requireLine, replaceLine } from './cart-lines';
import { amountsOf, lineAmounts, type OpenState } from './rows';
import type { SaleStatements } from './statements';
import { discountFromPercent, lineTotals, netBeforeSaleDiscounts } from './totals';

/** An item's discount, in cents or basis points of its gross; never above the item. */
export function setLineDiscount(q: SaleStatements, s: OpenState, lineId: number, d: { cents?: number; basisPoints?: number }): void {
  const line = requireLine(s, lineId);
  const gross = lineTotals({ ...amountsOf(line), discountCents: 0 }).grossCents;
  const bp = d.basisPoints ?? null;
  const cents = bp !== null ? discountFromPercent(gross, bp) : (d.cents ?? 0);
  if (cents > gross) {
    throw new AppError('discount.tooLarge', `Desconto de ${formatBRL(cents)} maior que o item (${formatBRL(gross)}).`);
  }
  q.setLineDiscount.run(cents, bp, lineId);
  replaceLine(s, { ...line, discount_cents: cents, discount_bp: bp });
}

/** The sale's discount, in cents or basis points of what is left after item discounts and the redemption. */
export function setSaleDiscount(q: SaleStatements, s: OpenState, d: { cents?: number; basisPoints?: number }): void {
  const base = netBeforeSaleDiscounts(lineAmounts(s.lines)) - s.row.redemption_cents;
  const bp = d.basisPoints ?? null;
  const cents = bp !== null ? discountFromPercent(base, bp) : (d.cents ?? 0);
  if (cents > base) {
    throw new AppError('discount.tooLarge', `Desconto de ${formatBRL(cents)} maior que o total (${formatBRL(base)}).`);
  }
  q.setSaleDiscount.run(cents, bp, s.row.id);
  s.row = { ...s.row, sale_discount_cents: cents, sale_discount_bp: bp };
}

/** After a change of items: a percent sale discount follows the new base; a fixed one never passes it. */
export function reconcileSaleDiscount(q: SaleStatements, s: OpenState): void {
  const row = s.row;
  if (row.sale_discount_cents === 0 && row.sale_discount_bp === null) return; // nothing to keep in step (most sales)
  const base = Math.max(0, netBeforeSaleDiscounts(lineAmounts(s.lines)) - row.redemption_cents);
  let discount = row.sale_discount_cents;
  if (row.sale_discount_bp !== null) discount = discountFromPercent(base, row.sale_discount_bp);
  if (discount > base) discount = base;
  if (discount !== row.sale_discount_cents) {
    q.setSaleDiscount.run(discount, row.sale_discount_bp, row.id);
    s.row = { ...row, sale_discount_cents: discount };
  }
  // Payments are never dropped here (a card may already be approved on the machine): when they now pass
  // the total the sale says so (paid > net) and finalize refuses until the cashier removes one.
}
