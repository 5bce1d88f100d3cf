import { PAYMENT_FORMS, type CardDetails, type Payment, type Sale, type SaleLine } from '../../shared/api/sales';
import type { LineLimits } from './limits';
import { lineTotals, saleTotals } from './totals';

/** A row of `sales` as stored. */
export interface SaleRow {
  id: string;
  status: Sale['status'];
  document_number: number | null;
  series: string | null;
  opened_at: string;
  finalized_at: string | null;
  cancelled_at: string | null;
  operator_id: number;
  operator_name: string;
  customer_cpf: string | null;
  sale_discount_cents: number;
  sale_discount_bp: number | null;
  redemption_cents: number;
  sale_discount_approved_bp?: number | null;
}

/** A row of `sale_lines` as stored. */
export interface LineRow {
  id: number;
  line_order: number;
  product_code: number;
  ean: string;
  description: string;
  unit: string;
  /** Thousandths (0,350 kg = 350; 3 un = 3000). */
  quantity: number;
  unit_price_cents: number;
  discount_cents: number;
  discount_bp: number | null;
  surcharge_cents: number;
  fractional: number;
  fixed_gross_cents: number | null;
  discount_approved_bp?: number | null;
}

/** A row of `payments` as stored. */
export interface PaymentRow {
  id: number;
  form_code: number;
  amount_cents: number;
  received_cents: number;
  change_cents: number;
  reference: string | null;
  card_brand?: string | null;
  installments?: number | null;
  nsu?: string | null;
  authorization_code?: string | null;
}

/**
 * The open sale as committed, kept in memory so a scan neither re-reads the
 * cart nor rebuilds every line. `stamp` is the connection's total_changes()
 * and data_version right after our last commit: any other write on this
 * connection (a step, another service) or on another connection moves it,
 * and the state is then re-read from SQLite.
 */
export interface OpenState {
  row: SaleRow;
  lines: LineRow[];
  payments: PaymentRow[];
  stamp: string;
  /** The line limits (settings), read at the first line change: a settings write moves the stamp and drops the state. */
  limits?: LineLimits;
}

export function amountsOf(l: LineRow) {
  return {
    quantity: l.quantity,
    unitPriceCents: l.unit_price_cents,
    discountCents: l.discount_cents,
    surchargeCents: l.surcharge_cents,
    fractional: l.fractional === 1,
    fixedGrossCents: l.fixed_gross_cents,
  };
}

export function lineAmounts(lines: readonly LineRow[]) {
  return lines.map(amountsOf);
}

/** A line's gross for a quantity (thousandths) at a price: rounded half-up once. */
export function lineTotalOf(quantity: number, unitPriceCents: number): number {
  return lineTotals({ quantity, unitPriceCents, discountCents: 0, surchargeCents: 0 }).grossCents;
}

export function totalsOf(s: OpenState) {
  return saleTotals({
    lines: lineAmounts(s.lines),
    saleDiscountCents: s.row.sale_discount_cents,
    redemptionCents: s.row.redemption_cents,
    payments: s.payments.map((p) => ({ amountCents: p.amount_cents, changeCents: p.change_cents })),
  });
}

/** A card tender's details as stored (null when none were typed). */
function cardOf(p: PaymentRow): CardDetails | null {
  if (!p.card_brand && !p.installments && !p.nsu && !p.authorization_code) return null;
  return { brand: (p.card_brand ?? null) as CardDetails['brand'], installments: p.installments ?? null, nsu: p.nsu ?? null, authorization: p.authorization_code ?? null };
}

/** Rows → the contract's Sale; a SaleLine is built once per committed line row (rows are replaced, never edited). */
export class SaleViews {
  private readonly lineViews = new WeakMap<LineRow, SaleLine>();

  of(row: SaleRow, lineRows: LineRow[], paymentRows: PaymentRow[]): Sale {
    const lines: SaleLine[] = lineRows.map((l) => {
      const seen = this.lineViews.get(l);
      if (seen) return seen;
      const t = lineTotals(amountsOf(l));
      const view: SaleLine = {
        id: l.id,
        order: l.line_order,
        productCode: l.product_code,
        ean: l.ean,
        description: l.description,
        unit: l.unit,
        quantity: l.quantity,
        fractional: l.fractional === 1,
        unitPriceCents: l.unit_price_cents,
        grossCents: t.grossCents,
        discountCents: l.discount_cents,
        surchargeCents: l.surcharge_cents,
        netCents: t.netCents,
      };
      this.lineViews.set(l, view);
      return view;
    });
    const payments: Payment[] = paymentRows.map((p) => ({
      id: p.id,
      formCode: p.form_code,
      formName: PAYMENT_FORMS[p.form_code as keyof typeof PAYMENT_FORMS] ?? `Forma ${p.form_code}`,
      amountCents: p.amount_cents,
      receivedCents: p.received_cents,
      changeCents: p.change_cents,
      reference: p.reference,
      card: cardOf(p),
    }));
    const totals = saleTotals({ lines, saleDiscountCents: row.sale_discount_cents, redemptionCents: row.redemption_cents, payments });
    return {
      id: row.id,
      status: row.status,
      documentNumber: row.document_number,
      series: row.series,
      openedAt: row.opened_at,
      finalizedAt: row.finalized_at,
      cancelledAt: row.cancelled_at,
      operator: { id: row.operator_id, name: row.operator_name },
      customerCpf: row.customer_cpf,
      lines,
      payments,
      totals,
    };
  }
}
