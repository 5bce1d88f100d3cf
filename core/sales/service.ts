import type { CardDetails, Operator, Sale, SaleSummary } from '../../shared/api/sales';
import { THOUSANDTHS } from '../../shared/quantity';
import { DEFAULT_LABEL_LAYOUT, type ScaleLabelLayout } from '../../shared/scale-label';
import { AppError } from '../kernel/errors';
import type { CatalogRepo, ScannedProduct } from '../catalog/repo';
import type { Db } from '../db/open';
import * as cart from './cart-lines';
import { DiscountRule, type DiscountGate } from './discount-rule';
import { setLineDiscount, setSaleDiscount } from './discounts';
import { finalizeOpenSale } from './finalize';
import { readLineLimits, type LineLimits } from './limits';
import { OpenSale } from './open-sale';
import { installOnce, type FinalizeInput, type SalePipeline } from './pipeline';
import { lineTotalOf, SaleViews, type OpenState } from './rows';
import { checkQuantityFor, resolveScan, weightNeeded, type ScanPlan } from './scan';
import { prepareSaleStatements, type SaleStatements } from './statements';
import { addPayment, removePayment } from './tenders';

export { checkQuantityFor, parseScan, weightNeeded, type ScanPlan } from './scan';

export interface SalesDeps {
  db: Db;
  catalog: CatalogRepo;
  now: () => Date;
  newId: () => string;
  operator: () => Operator;
  series: string;
  /** The scale-label layout (Configurações > "Balança"); default `2 CCCCC VVVVVV D`, price. */
  labelLayout?: () => ScaleLabelLayout;
  /** Discounts above the limit (users capability); without it (tests of the sale alone) none is gated. */
  discountGate?: DiscountGate;
}

/**
 * The sale: one open sale at a time, every change committed to SQLite before
 * the call returns (a killed process restores the cart), finalize in one
 * transaction with the next DocumentoNF of the series. What other capabilities
 * do at each change and at "Finalizar" is the pipeline declared in
 * core/app/pipelines.ts (install), never registered from elsewhere.
 */
export class SalesService {
  private readonly q: SaleStatements;
  private readonly views = new SaleViews();
  private readonly open: OpenSale;
  private pipeline: SalePipeline | null = null;

  constructor(private readonly deps: SalesDeps) {
    this.q = prepareSaleStatements(deps.db);
    const discounts = deps.discountGate ? new DiscountRule(deps.db, deps.discountGate) : null;
    this.open = new OpenSale({ db: deps.db, q: this.q, views: this.views, now: deps.now, newId: deps.newId, operator: deps.operator, discounts });
  }

  /** The pipeline's steps (core/app/pipelines.ts), once: a second call throws. */
  install(pipeline: SalePipeline): void {
    this.pipeline = installOnce(this.pipeline, pipeline, 'Venda');
    this.open.steps = this.pipeline.change;
  }

  /** The open sale, created when there is none. */
  current(): Sale {
    const s = this.open.current();
    s.stamp = this.open.stampNow();
    return this.open.view(s);
  }

  get(id: string): Sale {
    const fresh = this.open.fresh(id);
    if (fresh) return this.open.view(fresh);
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('sale.notFound', 'Venda não encontrada.');
    return this.views.of(row, this.q.lines.all(id), this.q.payments.all(id));
  }

  list(status: Sale['status'] | undefined, limit: number): SaleSummary[] {
    return this.q.list.all(status ?? null, status ?? null, limit).map((r) => ({
      id: r.id,
      status: r.status,
      documentNumber: r.document_number,
      series: r.series,
      finalizedAt: r.finalized_at,
      operatorName: r.operator_name,
      netCents: r.net_cents,
      itemCount: r.item_count,
    }));
  }

  /** What a scanned or typed code is, without adding anything (see scan.ts). */
  resolveScan(text: string): ScanPlan {
    return resolveScan(text, this.deps.catalog, this.deps.labelLayout?.() ?? DEFAULT_LABEL_LAYOUT);
  }

  /** `confirmLarge`: the cashier confirmed a quantity/line total above the limits (see limits.ts). */
  scan(text: string, confirmLarge = false): Sale {
    const plan = this.resolveScan(text);
    if (plan.kind === 'product' && plan.quantity === null && plan.product.fractional) throw weightNeeded(plan.product);
    return this.addPlanned(plan, plan.quantity ?? THOUSANDTHS, confirmLarge);
  }

  /** Adds what resolveScan found; `quantity` (thousandths) is used for a product plan (a label has its own). */
  addPlanned(plan: ScanPlan, quantity: number, confirmLarge = false): Sale {
    const p = plan.product;
    if (plan.kind === 'label') return this.addLine(p, plan.quantity, confirmLarge, plan.fixedGrossCents);
    checkQuantityFor(p, quantity);
    return this.addLine(p, quantity, confirmLarge, null);
  }

  /** A line's gross for a quantity (thousandths) at a price: rounded half-up once. */
  grossOf(quantity: number, unitPriceCents: number): number {
    return lineTotalOf(quantity, unitPriceCents);
  }

  /** A product by internal code; `quantity` in thousandths (null: 1 unit, or the weight a fractional product needs). */
  productForAdd(code: number): ScannedProduct {
    const product = this.deps.catalog.getByCode(code);
    if (!product) throw new AppError('product.notFound', `Produto não encontrado: ${code}`);
    return { code: product.code, description: product.description, priceCents: product.priceCents, unit: product.unit, fractional: product.fractional, ean: product.eans[0] ?? '' };
  }

  addProduct(code: number, quantity: number | null = null, confirmLarge = false): Sale {
    const product = this.productForAdd(code);
    if (quantity === null && product.fractional) throw weightNeeded(product);
    return this.addPlanned({ kind: 'product', product, quantity }, quantity ?? THOUSANDTHS, confirmLarge);
  }

  private addLine(p: ScannedProduct, quantity: number, confirmLarge: boolean, fixedGrossCents: number | null): Sale {
    return this.open.mutate((s) => cart.addLine(this.q, s, this.lineLimits(s), p, quantity, confirmLarge, fixedGrossCents));
  }

  setQuantity(lineId: number, quantity: number, confirmLarge = false): Sale {
    return this.open.mutate((s) => cart.setQuantity(this.q, s, this.lineLimits(s), lineId, quantity, confirmLarge));
  }

  removeLine(lineId: number): Sale {
    return this.open.mutate((s) => cart.removeLine(this.q, s, lineId));
  }

  setLineDiscount(lineId: number, d: { cents?: number; basisPoints?: number }): Sale {
    return this.open.mutate((s) => setLineDiscount(this.q, s, lineId, d));
  }

  setSaleDiscount(d: { cents?: number; basisPoints?: number }): Sale {
    return this.open.mutate((s) => setSaleDiscount(this.q, s, d));
  }

  /** Adds a tender (see tenders.ts): cash may exceed what is left ("Troco"), any other form may not. */
  addPayment(formCode: number, tenderedCents: number, reference: string | null = null, card: CardDetails | null = null): Sale {
    return this.open.mutate((s) => addPayment(this.q, s, this.deps.now().toISOString(), formCode, tenderedCents, reference, card), false);
  }

  removePayment(paymentId: number): Sale {
    return this.open.mutate((s) => removePayment(this.q, s, paymentId), false);
  }

  /**
   * "Finalizar": commits the sale with the next number of the series and the pipeline's finalize steps in
   * one fsync'd transaction (finalize.ts); returns it and the new empty open sale.
   */
  finalize(input: FinalizeInput = {}): { sale: Sale; next: Sale } {
    return finalizeOpenSale(this.open, this.q, { now: this.deps.now, series: this.deps.series, steps: this.pipeline?.finalize ?? [] }, input);
  }

  /** Empties the open sale: lines, payments, discounts. */
  discard(): Sale {
    return this.open.mutate(
      (s) => {
        this.q.deletePayments.run(s.row.id);
        this.q.deleteLines.run(s.row.id);
        this.q.resetSale.run(s.row.id);
        s.lines = [];
        s.payments = [];
        s.row = { ...s.row, sale_discount_cents: 0, sale_discount_bp: null, redemption_cents: 0, customer_cpf: null };
      },
      false,
      'discard',
    );
  }

  /** The line limits (settings), read at the first line change of an open sale. */
  private lineLimits(s: OpenState): LineLimits {
    return (s.limits ??= readLineLimits(this.deps.db));
  }
}
