import { percentOf } from '../../shared/money';
import { lineTotalCents, THOUSANDTHS } from '../../shared/quantity';

/** The numbers of one line, as stored (cents; quantity in integer thousandths: 0,350 kg = 350, 3 un = 3000). */
export interface LineAmounts {
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  surchargeCents: number;
  /** Sold in fractions: counts as one item (hub QuantidadeTotalItens), whatever its weight. */
  fractional?: boolean;
  /** A price scale label's printed total when no whole gram gives it (see shared/scale-label.ts). */
  fixedGrossCents?: number | null;
}

export interface LineTotals {
  grossCents: number;
  netCents: number;
}

/**
 * Item: ValorBruto = quantity × unit price rounded half-up to the cent once (the label's printed price for a
 * price label that no whole gram reaches); ValorLiquido = Bruto − Desconto + Acréscimo.
 */
export function lineTotals(line: LineAmounts): LineTotals {
  const grossCents = line.fixedGrossCents ?? lineTotalCents(line.quantity, line.unitPriceCents);
  return { grossCents, netCents: grossCents - line.discountCents + line.surchargeCents };
}

/** Items a line counts for: its units, or 1 for a fractional line (0,350 kg is one item). */
export function lineItemCount(line: Pick<LineAmounts, 'quantity' | 'fractional'>): number {
  return line.fractional ? 1 : Math.ceil(line.quantity / THOUSANDTHS);
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
    itemCount += lineItemCount(l);
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
