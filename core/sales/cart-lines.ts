import { AppError } from '../kernel/errors';
import type { ScannedProduct } from '../catalog/repo';
import { checkLargeLine, type LineLimits } from './limits';
import { lineTotalOf, type LineRow, type OpenState } from './rows';
import { checkQuantityFor } from './scan';
import type { SaleStatements } from './statements';
import { discountFromPercent } from './totals';

/** A new line at the end of the cart; `fixedGrossCents`: a scale label's own total (null: weight × price). */
export function addLine(
  q: SaleStatements,
  s: OpenState,
  limits: LineLimits,
  p: ScannedProduct,
  quantity: number,
  confirmLarge: boolean,
  fixedGrossCents: number | null,
): void {
  const { code, ean, description, unit, priceCents } = p;
  const fractional = p.fractional ? 1 : 0;
  checkLargeLine(limits, quantity, priceCents, confirmLarge, p.fractional);
  const order = s.lines.length ? s.lines[s.lines.length - 1].line_order + 1 : 1;
  const id = Number(q.insertLine.run(s.row.id, order, code, ean, description, unit, quantity, priceCents, fractional, fixedGrossCents).lastInsertRowid);
  s.lines.push({
    id,
    line_order: order,
    product_code: code,
    ean,
    description,
    unit,
    quantity,
    unit_price_cents: priceCents,
    discount_cents: 0,
    discount_bp: null,
    surcharge_cents: 0,
    fractional,
    fixed_gross_cents: fixedGrossCents,
  });
}

/** A line's new quantity (thousandths): a percent discount follows it; a fixed one may not pass the new gross. */
export function setQuantity(q: SaleStatements, s: OpenState, limits: LineLimits, lineId: number, quantity: number, confirmLarge: boolean): void {
  const line = requireLine(s, lineId);
  checkQuantityFor({ unit: line.unit, fractional: line.fractional === 1 }, quantity);
  checkLargeLine(limits, quantity, line.unit_price_cents, confirmLarge, line.fractional === 1);
  q.setQty.run(quantity, lineId);
  let discount = line.discount_cents;
  const gross = lineTotalOf(quantity, line.unit_price_cents);
  if (line.discount_bp !== null) {
    discount = discountFromPercent(gross, line.discount_bp);
    q.setLineDiscount.run(discount, line.discount_bp, lineId);
  } else if (line.discount_cents > gross) {
    throw new AppError('discount.tooLarge', 'O desconto do item ficaria maior que o valor do item. Ajuste o desconto antes.');
  }
  replaceLine(s, { ...line, quantity, discount_cents: discount, fixed_gross_cents: null });
}

export function removeLine(q: SaleStatements, s: OpenState, lineId: number): void {
  requireLine(s, lineId);
  q.deleteLine.run(lineId, s.row.id);
  s.lines = s.lines.filter((l) => l.id !== lineId);
}

export function requireLine(s: OpenState, lineId: number): LineRow {
  const line = s.lines.find((l) => l.id === lineId);
  if (!line) throw new AppError('line.notFound', 'Item não encontrado nesta venda.');
  return line;
}

/** Rows are replaced, never edited (a SaleLine view is kept per row). */
export function replaceLine(s: OpenState, line: LineRow): void {
  s.lines = s.lines.map((l) => (l.id === line.id ? line : l));
}
