import type { PreSaleSummary } from '../../shared/api/presales';
import type { Sale } from '../../shared/api/sales';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { SaleLoyaltyRepo } from '../loyalty/saleLoyalty';
import type { SalesService } from '../sales/service';

interface Snapshot {
  /** 2: quantities in thousandths, with `fractional` and `fixedGrossCents` (issue 22); absent: whole units. */
  v?: 2;
  lines: {
    productCode: number;
    ean: string;
    description: string;
    unit: string;
    quantity: number;
    fractional?: boolean;
    fixedGrossCents?: number | null;
    unitPriceCents: number;
    discountCents: number;
    discountBp: number | null;
    surchargeCents: number;
  }[];
  saleDiscountCents: number;
  saleDiscountBp: number | null;
  customer: { cpf: string; name: string; currentCents: number; availableCents: number; usesPin: boolean; pinType: 1 | 2 | null } | null;
}

/**
 * Pre-sale (DAV): the open cart saved under a number (with its customer),
 * freeing the till; "Recuperar" loads it back into an empty till. Loyalty runs
 * only when the recovered sale is paid and finished.
 */
export class PreSalesService {
  private readonly q;

  constructor(
    private readonly deps: { db: Db; sales: SalesService; states: SaleLoyaltyRepo; now: () => Date },
  ) {
    const db = deps.db;
    this.q = {
      saleRow: db.prepare<[string], { sale_discount_cents: number; sale_discount_bp: number | null }>(
        `SELECT sale_discount_cents, sale_discount_bp FROM sales WHERE id = ?`,
      ),
      lineBp: db.prepare<[number], { discount_bp: number | null }>(`SELECT discount_bp FROM sale_lines WHERE id = ?`),
      insert: db.prepare(
        `INSERT INTO pre_sales (status, customer_cpf, customer_name, item_count, total_cents, data_json, created_at)
         VALUES ('aberta', ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<[], { number: number; customer_name: string | null; item_count: number; total_cents: number; created_at: string }>(
        `SELECT number, customer_name, item_count, total_cents, created_at FROM pre_sales WHERE status = 'aberta' ORDER BY number`,
      ),
      get: db.prepare<[number], { number: number; status: string; data_json: string }>(`SELECT number, status, data_json FROM pre_sales WHERE number = ?`),
      recovered: db.prepare(`UPDATE pre_sales SET status = 'recuperada', recovered_at = ? WHERE number = ? AND status = 'aberta'`),
      insertLine: db.prepare(
        `INSERT INTO sale_lines (sale_id, line_order, product_code, ean, description, unit, quantity, unit_price_cents, discount_cents, discount_bp, surcharge_cents, fractional, fixed_gross_cents)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      fixedGross: db.prepare<[number], { fixed_gross_cents: number | null }>(`SELECT fixed_gross_cents FROM sale_lines WHERE id = ?`),
      saleDiscount: db.prepare(`UPDATE sales SET sale_discount_cents = ?, sale_discount_bp = ? WHERE id = ?`),
    };
  }

  private tx<T>(fn: () => T): T {
    return this.deps.db.transaction(fn).immediate();
  }

  /** "Salvar pré-venda": the cart under the next number; the till is empty again. */
  save(): { number: number; next: Sale } {
    return this.tx(() => {
      const sale = this.deps.sales.current();
      if (sale.lines.length === 0) throw new AppError('presale.empty', 'A venda não tem itens para salvar como pré-venda.');
      if (sale.payments.length > 0) throw new AppError('presale.payments', 'Remova os pagamentos antes de salvar a pré-venda.');
      const row = this.q.saleRow.get(sale.id)!;
      const st = this.deps.states.get(sale.id);
      const snap: Snapshot = {
        v: 2,
        lines: sale.lines.map((l) => ({
          productCode: l.productCode,
          ean: l.ean,
          description: l.description,
          unit: l.unit,
          quantity: l.quantity,
          fractional: l.fractional,
          fixedGrossCents: this.q.fixedGross.get(l.id)?.fixed_gross_cents ?? null,
          unitPriceCents: l.unitPriceCents,
          discountCents: l.discountCents,
          discountBp: this.q.lineBp.get(l.id)?.discount_bp ?? null,
          surchargeCents: l.surchargeCents,
        })),
        saleDiscountCents: row.sale_discount_cents,
        saleDiscountBp: row.sale_discount_bp,
        customer: st
          ? { cpf: st.cpf, name: st.customerName, currentCents: st.currentCents, availableCents: st.availableCents, usesPin: st.usesPin, pinType: st.pinType }
          : null,
      };
      // Saved without the redemption: the loyalty flows run when the pre-sale is finished.
      const total = sale.totals.netCents + sale.totals.redemptionCents;
      const info = this.q.insert.run(st?.cpf ?? null, st?.customerName ?? null, sale.totals.itemCount, total, JSON.stringify(snap), this.deps.now().toISOString());
      const next = this.deps.sales.discard();
      return { number: Number(info.lastInsertRowid), next };
    });
  }

  list(): PreSaleSummary[] {
    return this.q.list.all().map((r) => ({
      number: r.number,
      customerName: r.customer_name,
      itemCount: r.item_count,
      totalCents: r.total_cents,
      createdAt: r.created_at,
    }));
  }

  /** "Recuperar": into the empty till, with its customer. */
  recover(number: number): Sale {
    return this.tx(() => {
      const row = this.q.get.get(number);
      if (!row || row.status !== 'aberta') throw new AppError('presale.notFound', `Pré-venda nº ${number} não encontrada ou já recuperada.`);
      const sale = this.deps.sales.current();
      if (sale.lines.length > 0 || sale.payments.length > 0) {
        throw new AppError('presale.tillBusy', 'Finalize ou cancele a venda aberta antes de recuperar uma pré-venda.');
      }
      const snap = JSON.parse(row.data_json) as Snapshot;
      const scale = snap.v === 2 ? 1 : 1000; // snapshots saved before issue 22 hold whole units
      snap.lines.forEach((l, i) =>
        this.q.insertLine.run(
          sale.id, i + 1, l.productCode, l.ean, l.description, l.unit, l.quantity * scale, l.unitPriceCents, l.discountCents, l.discountBp,
          l.surchargeCents, l.fractional ? 1 : 0, l.fixedGrossCents ?? null,
        ),
      );
      this.q.saleDiscount.run(snap.saleDiscountCents, snap.saleDiscountBp, sale.id);
      if (snap.customer) {
        const c = snap.customer;
        this.deps.states.setCustomer(sale.id, c.cpf, c.name, { currentCents: c.currentCents, availableCents: c.availableCents, usesPin: c.usesPin, pinType: c.pinType, guid: '' });
      }
      this.q.recovered.run(this.deps.now().toISOString(), number);
      return this.deps.sales.current();
    });
  }
}
