import type { Statement } from 'better-sqlite3';
import { formatBRL } from '../../shared/money';
import type { Db } from '../db/open';
import { lineTotals, netBeforeSaleDiscounts } from './totals';

/** A discount that now passes the limit and what a Gerente approved for it. */
export interface DiscountNeed {
  scope: 'line' | 'sale';
  saleId: string;
  lineId: number | null;
  /** The discount as basis points of what it applies to (1000 = 10%), rounded up. */
  basisPoints: number;
  discountCents: number;
  description: string;
}

/**
 * Who decides on a discount above the limit (the users capability): `approve` returns when the session may
 * (a Gerente, or an Operador with an approval bound to this very need) and throws `auth.approvalRequired`
 * otherwise. It runs inside the sale's transaction: a refusal rolls the change back.
 */
export interface DiscountGate {
  limitBasisPoints(): number;
  approve(need: DiscountNeed): void;
}

interface LineLike {
  id: number;
  description: string;
  quantity: number;
  unit_price_cents: number;
  discount_cents: number;
  discount_bp: number | null;
  surcharge_cents: number;
  discount_approved_bp?: number | null;
}
interface SaleLike {
  id: string;
  sale_discount_cents: number;
  sale_discount_bp: number | null;
  redemption_cents: number;
  sale_discount_approved_bp?: number | null;
}

/** A discount typed as a percent is measured by that percent; one in reais by its share of the base, rounded up. */
function bp(discount: number, base: number, typedBp: number | null): number {
  if (discount <= 0) return 0;
  if (typedBp !== null) return typedBp;
  return base > 0 ? Math.ceil((discount * 10000) / base) : Number.MAX_SAFE_INTEGER;
}

/**
 * The discount limit follows the money, not the click: after ANY change to the open sale's lines (quantity,
 * price, a removed line, a new discount) each line's discount and the sale's discount are measured again
 * against what they apply to. One above both the limit and what a Gerente approved for it asks again; once
 * approved, the approved percent is kept on the row.
 */
export class DiscountRule {
  private readonly setLine: Statement<[number, number]>;
  private readonly setSale: Statement<[number, string]>;

  constructor(db: Db, private readonly gate: DiscountGate) {
    this.setLine = db.prepare(`UPDATE sale_lines SET discount_approved_bp = ? WHERE id = ?`);
    this.setSale = db.prepare(`UPDATE sales SET sale_discount_approved_bp = ? WHERE id = ?`);
  }

  /** Inside the sale's transaction, after the change. Mutates the rows' approved percents it records. */
  check(sale: SaleLike, lines: LineLike[]): void {
    if (sale.sale_discount_cents <= 0 && !lines.some((l) => l.discount_cents > 0)) return; // most sales
    const limit = this.gate.limitBasisPoints();
    for (const l of lines) {
      if (l.discount_cents <= 0) continue;
      const gross = lineTotals({ quantity: l.quantity, unitPriceCents: l.unit_price_cents, discountCents: 0, surchargeCents: l.surcharge_cents }).grossCents;
      const p = bp(l.discount_cents, gross, l.discount_bp);
      if (p <= Math.max(limit, l.discount_approved_bp ?? 0)) continue;
      this.gate.approve({
        scope: 'line',
        saleId: sale.id,
        lineId: l.id,
        basisPoints: p,
        discountCents: l.discount_cents,
        description: `Desconto de ${formatPercent(p)} (${formatBRL(l.discount_cents)}) no item ${l.description} (${formatBRL(gross)})`,
      });
      this.setLine.run(p, l.id);
      l.discount_approved_bp = p;
    }
    if (sale.sale_discount_cents > 0) {
      const base = netBeforeSaleDiscounts(
        lines.map((l) => ({ quantity: l.quantity, unitPriceCents: l.unit_price_cents, discountCents: l.discount_cents, surchargeCents: l.surcharge_cents })),
      ) - sale.redemption_cents;
      const p = bp(sale.sale_discount_cents, base, sale.sale_discount_bp);
      if (p > Math.max(limit, sale.sale_discount_approved_bp ?? 0)) {
        this.gate.approve({
          scope: 'sale',
          saleId: sale.id,
          lineId: null,
          basisPoints: p,
          discountCents: sale.sale_discount_cents,
          description: `Desconto de ${formatPercent(p)} (${formatBRL(sale.sale_discount_cents)}) na venda (${formatBRL(Math.max(0, base))})`,
        });
        this.setSale.run(p, sale.id);
        sale.sale_discount_approved_bp = p;
      }
    }
  }
}

function formatPercent(basisPoints: number): string {
  if (basisPoints >= Number.MAX_SAFE_INTEGER) return '100%';
  return (basisPoints / 100).toFixed(2).replace(/\.?0+$/, '').replace('.', ',') + '%';
}
