import { percentOf } from '../../shared/money';

/** The numbers of one line, as stored (cents, integer quantity). */
export interface LineAmounts {
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  surchargeCents: number;
}

export interface LineTotals {
  grossCents: number;
  netCents: number;
}

/** Item: ValorBruto = ValorUnitario × QuantidadeTotal; ValorLiquido = Bruto − Desconto + Acréscimo. */
export function lineTotals(line: LineAmounts): LineTotals {
  const grossCents = line.unitPriceCents * line.quantity;
  return { grossCents, netCents: grossCents - line.discountCents + line.surchargeCents };
}

/** A discount given as basis points (1000 = 10%) of an amount, rounded once, half-up. */
export function discountFromPercent(baseCents: number, basisPoints: number): number {
  return percentOf(baseCents, basisPoints);
}

export interface SaleAmounts {
  lines: LineAmounts[];
  saleDiscountCents: number;
  redemptionCents: number;
  payments: { amountCents: number; changeCents: number }[];
}

export interface SaleTotalsResult {
  grossCents: number;
  itemDiscountCents: number;
  saleDiscountCents: number;
  redemptionCents: number;
  discountTotalCents: number;
  surchargeCents: number;
  /** What the customer pays: Bruto − DescontoTotal + Acréscimo. */
  netCents: number;
  itemCount: number;
  paidCents: number;
  remainingCents: number;
  changeCents: number;
}

/**
 * The sale's totals exactly as the hub contract's "Totals" section defines
 * them, derived only from the already-rounded lines.
 */
export function saleTotals(sale: SaleAmounts): SaleTotalsResult {
  let grossCents = 0;
  let itemDiscountCents = 0;
  let surchargeCents = 0;
  let itemCount = 0;
  for (const l of sale.lines) {
    grossCents += lineTotals(l).grossCents;
    itemDiscountCents += l.discountCents;
    surchargeCents += l.surchargeCents;
    itemCount += l.quantity;
  }
  const discountTotalCents = itemDiscountCents + sale.saleDiscountCents + sale.redemptionCents;
  const netCents = grossCents - discountTotalCents + surchargeCents;
  let paidCents = 0;
  let changeCents = 0;
  for (const p of sale.payments) {
    paidCents += p.amountCents;
    changeCents += p.changeCents;
  }
  return {
    grossCents,
    itemDiscountCents,
    saleDiscountCents: sale.saleDiscountCents,
    redemptionCents: sale.redemptionCents,
    discountTotalCents,
    surchargeCents,
    netCents,
    itemCount,
    paidCents,
    remainingCents: Math.max(0, netCents - paidCents),
    changeCents,
  };
}

/**
 * The net of the sale before the sale-level discount and redemption: the
 * ceiling for either of them (a sale never goes below zero).
 */
export function netBeforeSaleDiscounts(lines: LineAmounts[]): number {
  return lines.reduce((sum, l) => sum + lineTotals(l).netCents, 0);
}
