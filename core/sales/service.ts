import { PAYMENT_FORMS, type CardDetails, type Operator, type Payment, type Sale, type SaleLine, type SaleSummary } from '../../shared/api/sales';
import { hasWrongCheckDigit } from '../../shared/ean';
import { formatBRL } from '../../shared/money';
import { formatQuantity, isWholeQuantity, parseQuantity, THOUSANDTHS } from '../../shared/quantity';
import { DEFAULT_LABEL_LAYOUT, resolveScaleLabel, type ScaleLabelLayout } from '../../shared/scale-label';
import { AppError } from '../kernel/errors';
import type { CatalogRepo, ScannedProduct } from '../catalog/repo';
import { durableTransaction, immediateTransaction } from '../db/durable';
import type { Db } from '../db/open';
import { checkLargeLine, readLineLimits, type LineLimits } from './limits';
import { DiscountRule, type DiscountGate } from './discount-rule';
import { discountFromPercent, lineTotals, netBeforeSaleDiscounts, saleTotals } from './totals';
import { checkZeroSale, NO_PAYMENT_FORM } from './zero';

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

interface SaleRow {
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

interface LineRow {
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

interface PaymentRow {
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

/** Units; quantities are thousandths of them. */
const MAX_QUANTITY = 99_999;

/** What a scan resolved to before it becomes a line. */
export type ScanPlan =
  /** A product: `quantity` in thousandths, null when none was typed (a fractional product then needs a weight). */
  | { kind: 'product'; product: ScannedProduct; quantity: number | null }
  /** A scale label: weight and total decided by the label. */
  | { kind: 'label'; product: ScannedProduct; quantity: number; fixedGrossCents: number | null };

/**
 * The open sale as committed, kept in memory so a scan neither re-reads the
 * cart nor rebuilds every line. `stamp` is the connection's total_changes()
 * and data_version right after our last commit: any other write on this
 * connection (a hook, another service) or on another connection moves it,
 * and the state is then re-read from SQLite.
 */
interface OpenState {
  row: SaleRow;
  lines: LineRow[];
  payments: PaymentRow[];
  stamp: string;
  /** The line limits (settings), read at the first line change: a settings write moves the stamp and drops the state. */
  limits?: LineLimits;
}

/**
 * Extension points for other capabilities (loyalty, shifts, users, payments),
 * so they add behaviour without editing this file. All run INSIDE the sale's
 * transaction: throw an AppError to refuse and roll everything back.
 */
export interface SaleHooks {
  /** Before a change to the open sale is committed ('line' = items/discounts, 'payment', 'discard'). */
  beforeChange?(kind: 'line' | 'payment' | 'discard', saleId: string): void;
  /** In the finalize transaction, after DocumentoNF/SerieNF are assigned: write what must commit with the sale (outbox rows, shift link). */
  beforeFinalizeCommit?(sale: Sale): void;
}

/**
 * "3*7891234567895" → { quantity: 3000, code }, "0,350*7891234567895" → { quantity: 350, code },
 * "7891234567895" → { quantity: null, code } (thousandths; null = none typed). Throws the cashier's message
 * for a quantity that is not one (more than 3 decimals, ambiguous, zero, above the limit).
 */
export function parseScan(text: string): { quantity: number | null; code: string } | null {
  const m = /^\s*(?:([\d.,]{1,12})\s*[*xX]\s*)?(\d{1,14})\s*$/.exec(text);
  if (!m) return null;
  if (m[1] === undefined) return { quantity: null, code: m[2] };
  const q = parseQuantity(m[1]);
  if (!q.ok) throw new AppError('scan.quantity', q.message);
  if (q.thousandths > MAX_QUANTITY * THOUSANDTHS) {
    throw new AppError('scan.quantity', `Quantidade ${m[1]} fora do limite: use até ${MAX_QUANTITY.toLocaleString('pt-BR')}.`);
  }
  return { quantity: q.thousandths, code: m[2] };
}

/** A whole number of units for a product that is not fractional; the cashier's message otherwise. */
export function checkQuantityFor(product: { unit: string; fractional: boolean }, quantity: number): void {
  if (product.fractional || isWholeQuantity(quantity)) return;
  throw new AppError(
    'quantity.notFractional',
    `Este produto é vendido por unidade (${product.unit}): informe uma quantidade inteira (${formatQuantity(quantity, true)} não serve).`,
  );
}

/**
 * The sale: one open sale at a time, every change committed to SQLite before
 * the call returns (a killed process restores the cart), finalize in one
 * transaction with the next DocumentoNF of the series.
 */
export class SalesService {
  private readonly q;
  private readonly hooks: SaleHooks[] = [];
  private open: OpenState | null = null;
  /** SaleLine built once per committed line row (rows are replaced, never edited, when they change). */
  private readonly lineViews = new WeakMap<LineRow, SaleLine>();
  /** data_version as last read by stampNow (inside a transaction: the one its commit leaves). */
  private versionSeen: number | null = null;
  /** Discounts re-measured after every change of lines (null: nothing gated). */
  private readonly discounts: DiscountRule | null;

  /** Registers a capability's hooks (see SaleHooks). */
  use(hooks: SaleHooks): void {
    this.hooks.push(hooks);
  }

  constructor(private readonly deps: SalesDeps) {
    this.discounts = deps.discountGate ? new DiscountRule(deps.db, deps.discountGate) : null;
    const db = deps.db;
    this.q = {
      open: db.prepare<[], SaleRow>(`SELECT * FROM sales WHERE status = 'aberta'`),
      byId: db.prepare<[string], SaleRow>(`SELECT * FROM sales WHERE id = ?`),
      lines: db.prepare<[string], LineRow>(`SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_order`),
      payments: db.prepare<[string], PaymentRow>(`SELECT * FROM payments WHERE sale_id = ? ORDER BY id`),
      // No RETURNING: its ephemeral table costs more than reading the row back by id.
      insertSale: db.prepare(
        `INSERT INTO sales (id, status, opened_at, operator_id, operator_name) VALUES (?, 'aberta', ?, ?, ?)`,
      ),
      insertLine: db.prepare(
        `INSERT INTO sale_lines (sale_id, line_order, product_code, ean, description, unit, quantity, unit_price_cents, fractional, fixed_gross_cents)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // A new quantity drops a label's fixed total: the line is weight × price from then on.
      setQty: db.prepare(`UPDATE sale_lines SET quantity = ?, fixed_gross_cents = NULL WHERE id = ?`),
      setLineDiscount: db.prepare(`UPDATE sale_lines SET discount_cents = ?, discount_bp = ? WHERE id = ?`),
      deleteLine: db.prepare(`DELETE FROM sale_lines WHERE id = ? AND sale_id = ?`),
      setSaleDiscount: db.prepare(`UPDATE sales SET sale_discount_cents = ?, sale_discount_bp = ? WHERE id = ?`),
      insertPayment: db.prepare(
        `INSERT INTO payments (sale_id, form_code, amount_cents, received_cents, change_cents, reference, created_at, card_brand, installments, nsu, authorization_code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deletePayment: db.prepare(`DELETE FROM payments WHERE id = ? AND sale_id = ?`),
      deletePayments: db.prepare(`DELETE FROM payments WHERE sale_id = ?`),
      deleteLines: db.prepare(`DELETE FROM sale_lines WHERE sale_id = ?`),
      resetSale: db.prepare(
        `UPDATE sales SET sale_discount_cents = 0, sale_discount_bp = NULL, redemption_cents = 0, customer_cpf = NULL WHERE id = ?`,
      ),
      nextNumber: db.prepare<[string], { last_number: number }>(
        `UPDATE document_series SET last_number = last_number + 1 WHERE series = ? RETURNING last_number`,
      ),
      ensureSeries: db.prepare(`INSERT OR IGNORE INTO document_series (series, last_number) VALUES (?, 0)`),
      finalize: db.prepare(
        `UPDATE sales SET status = 'finalizada', document_number = ?, series = ?, finalized_at = ?, net_cents = ?
         WHERE id = ? AND status = 'aberta'`,
      ),
      // Two plain statements: `PRAGMA data_version` costs half of pragma_data_version's table-valued form,
      // and this runs twice per change of the sale.
      changes: db.prepare<[], number>(`SELECT total_changes()`).pluck(),
      dataVersion: db.prepare<[], number>(`PRAGMA data_version`).pluck(),
      // `finalized_at IS NOT NULL` (every finalized or cancelled sale has it) lets SQLite walk the partial sales_bo_time.
      list: db.prepare<[string | null, string | null, number], SaleRow & { net_cents: number; item_count: number }>(
        `SELECT s.*, (SELECT coalesce(sum(CASE WHEN fractional = 1 THEN 1 ELSE quantity / 1000 END), 0) FROM sale_lines l WHERE l.sale_id = s.id) AS item_count
         FROM sales s WHERE s.status != 'aberta' AND s.finalized_at IS NOT NULL AND (? IS NULL OR s.status = ?)
         ORDER BY s.finalized_at DESC, s.document_number DESC LIMIT ?`,
      ),
    };
  }

  /** The open sale, created when there is none. */
  current(): Sale {
    const s = this.openState();
    s.stamp = this.stampNow();
    return this.view(s);
  }

  get(id: string): Sale {
    if (this.open && this.open.row.id === id && this.open.stamp === this.stampNow()) return this.view(this.open);
    return this.load(id);
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

  /**
   * What a scanned or typed code is, without adding anything: a scale label (weight and total from the
   * label), or a product with the quantity typed before `*` (null when none was). Throws the cashier's
   * message for an unknown code, a bad check digit, an unknown PLU or a fraction of a `UN` product.
   */
  resolveScan(text: string): ScanPlan {
    const parsed = parseScan(text);
    if (!parsed) {
      throw new AppError('scan.invalid', `Código inválido: "${text.trim()}". Use o código ou EAN, ou quantidade*código (ex.: 3*7891234567895 ou 0,350*7891234567895).`);
    }
    const label = resolveScaleLabel(parsed.code, this.labelLayout(), (plu) => {
      const n = Number(plu);
      return n > 0 ? this.deps.catalog.labelLookup(n, parsed.code) : null;
    });
    if (label.kind === 'line') {
      if (parsed.quantity !== null) {
        throw new AppError('scan.labelQuantity', 'Etiqueta de balança já traz o peso e o preço: leia a etiqueta sem quantidade.');
      }
      const product = label.product;
      const fixed = label.line.totalCents;
      return { kind: 'label', product, quantity: label.line.quantity, fixedGrossCents: fixed === lineTotalOf(label.line.quantity, product.priceCents) ? null : fixed };
    }
    const product = this.deps.catalog.scanLookup(parsed.code);
    if (!product) {
      // A code with the label prefix that is not a label of ours (bad check digit, unknown PLU), nor a product's EAN.
      if (label.kind === 'invalid') throw new AppError('scan.label', label.message);
      if (hasWrongCheckDigit(parsed.code)) throw new AppError('scan.badCheckDigit', `EAN inválido (dígito verificador): ${parsed.code}`);
      throw new AppError('product.notFound', `Produto não encontrado: ${parsed.code}`);
    }
    if (parsed.quantity !== null) checkQuantityFor(product, parsed.quantity);
    return { kind: 'product', product, quantity: parsed.quantity };
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
    const { code, ean, description, unit, priceCents } = p;
    const fractional = p.fractional ? 1 : 0;
    return this.mutate((s) => {
      checkLargeLine(this.lineLimits(s), quantity, priceCents, confirmLarge, p.fractional);
      const order = s.lines.length ? s.lines[s.lines.length - 1].line_order + 1 : 1;
      const id = Number(
        this.q.insertLine.run(s.row.id, order, code, ean, description, unit, quantity, priceCents, fractional, fixedGrossCents).lastInsertRowid,
      );
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
    });
  }

  setQuantity(lineId: number, quantity: number, confirmLarge = false): Sale {
    return this.mutate((s) => {
      const line = this.requireLine(s, lineId);
      checkQuantityFor({ unit: line.unit, fractional: line.fractional === 1 }, quantity);
      checkLargeLine(this.lineLimits(s), quantity, line.unit_price_cents, confirmLarge, line.fractional === 1);
      this.q.setQty.run(quantity, lineId);
      let discount = line.discount_cents;
      const gross = lineTotalOf(quantity, line.unit_price_cents);
      if (line.discount_bp !== null) {
        discount = discountFromPercent(gross, line.discount_bp);
        this.q.setLineDiscount.run(discount, line.discount_bp, lineId);
      } else if (line.discount_cents > gross) {
        throw new AppError('discount.tooLarge', 'O desconto do item ficaria maior que o valor do item. Ajuste o desconto antes.');
      }
      this.replaceLine(s, { ...line, quantity, discount_cents: discount, fixed_gross_cents: null });
    });
  }

  removeLine(lineId: number): Sale {
    return this.mutate((s) => {
      this.requireLine(s, lineId);
      this.q.deleteLine.run(lineId, s.row.id);
      s.lines = s.lines.filter((l) => l.id !== lineId);
    });
  }

  setLineDiscount(lineId: number, d: { cents?: number; basisPoints?: number }): Sale {
    return this.mutate((s) => {
      const line = this.requireLine(s, lineId);
      const gross = lineTotals({ ...amountsOf(line), discountCents: 0 }).grossCents;
      const bp = d.basisPoints ?? null;
      const cents = bp !== null ? discountFromPercent(gross, bp) : (d.cents ?? 0);
      if (cents > gross) {
        throw new AppError('discount.tooLarge', `Desconto de ${formatBRL(cents)} maior que o item (${formatBRL(gross)}).`);
      }
      this.q.setLineDiscount.run(cents, bp, lineId);
      this.replaceLine(s, { ...line, discount_cents: cents, discount_bp: bp });
    });
  }

  setSaleDiscount(d: { cents?: number; basisPoints?: number }): Sale {
    return this.mutate((s) => {
      const base = netBeforeSaleDiscounts(lineAmounts(s.lines)) - s.row.redemption_cents;
      const bp = d.basisPoints ?? null;
      const cents = bp !== null ? discountFromPercent(base, bp) : (d.cents ?? 0);
      if (cents > base) {
        throw new AppError('discount.tooLarge', `Desconto de ${formatBRL(cents)} maior que o total (${formatBRL(base)}).`);
      }
      this.q.setSaleDiscount.run(cents, bp, s.row.id);
      s.row = { ...s.row, sale_discount_cents: cents, sale_discount_bp: bp };
    });
  }

  /**
   * Adds a tender. Cash may exceed what is left (the excess is "Troco");
   * any other form may not.
   */
  addPayment(formCode: number, tenderedCents: number, reference: string | null = null, card: CardDetails | null = null): Sale {
    return this.mutate((s) => {
      const totals = totalsOf(s);
      if (totals.itemCount === 0) throw new AppError('sale.empty', 'Inclua ao menos um item antes do pagamento.');
      const remaining = totals.netCents - totals.paidCents;
      if (remaining <= 0) throw new AppError('payment.nothingDue', 'Não há valor restante a pagar.');
      let amount = tenderedCents;
      let change = 0;
      if (tenderedCents > remaining) {
        if (formCode !== 1) {
          throw new AppError(
            'payment.exceeds',
            `${PAYMENT_FORMS[formCode as 1] ?? 'Pagamento'}: ${formatBRL(tenderedCents)} é maior que o restante (${formatBRL(remaining)}). Só dinheiro tem troco.`,
          );
        }
        amount = remaining;
        change = tenderedCents - remaining;
      }
      const c = card ?? { brand: null, installments: null, nsu: null, authorization: null };
      const id = Number(
        this.q.insertPayment.run(
          s.row.id, formCode, amount, tenderedCents, change, reference, this.deps.now().toISOString(), c.brand, c.installments, c.nsu || null, c.authorization || null,
        ).lastInsertRowid,
      );
      s.payments.push({
        id, form_code: formCode, amount_cents: amount, received_cents: tenderedCents, change_cents: change, reference,
        card_brand: c.brand, installments: c.installments, nsu: c.nsu || null, authorization_code: c.authorization || null,
      });
    }, false);
  }

  removePayment(paymentId: number): Sale {
    return this.mutate((s) => {
      const r = this.q.deletePayment.run(paymentId, s.row.id);
      if (r.changes === 0) throw new AppError('payment.notFound', 'Pagamento não encontrado nesta venda.');
      s.payments = s.payments.filter((p) => p.id !== paymentId);
    }, false);
  }

  /**
   * Commits the sale with the next number of the series; returns it and the new empty open sale.
   * A sale whose net is R$ 0,00 finalizes only with `withoutPayment` (the cashier confirmed it) and
   * is recorded with form 90 "Sem Pagamento", amount 0.
   */
  finalize(opts: { withoutPayment?: boolean } = {}): { sale: Sale; next: Sale } {
    // The one fsync of a sale: this commit (and with it every cart edit before it) survives a power cut.
    return this.commit(durableTransaction, () => {
      let state = this.openState();
      const row = state.row;
      let open = this.view(state);
      if (open.totals.itemCount > 0 && checkZeroSale(open.totals, opts.withoutPayment === true) === 'record') {
        this.q.insertPayment.run(row.id, NO_PAYMENT_FORM, 0, 0, 0, null, this.deps.now().toISOString(), null, null, null, null);
        state = this.reload(row.id);
        open = this.view(state);
      }
      const totals = open.totals;
      if (totals.itemCount === 0) throw new AppError('sale.empty', 'A venda não tem itens.');
      if (totals.paidCents !== totals.netCents) {
        throw new AppError(
          'sale.unpaid',
          totals.paidCents < totals.netCents
            ? `Falta pagar ${formatBRL(totals.netCents - totals.paidCents)}.`
            : `Os pagamentos (${formatBRL(totals.paidCents)}) passam do total (${formatBRL(totals.netCents)}). Remova um pagamento.`,
        );
      }
      // The series row exists after the first sale: create it only when the UPDATE found none.
      let issued = this.q.nextNumber.get(this.deps.series);
      if (!issued) {
        this.q.ensureSeries.run(this.deps.series);
        issued = this.q.nextNumber.get(this.deps.series)!;
      }
      const number = issued.last_number;
      const finalizedAt = this.deps.now().toISOString();
      this.q.finalize.run(number, this.deps.series, finalizedAt, totals.netCents, row.id);
      // The next open sale in the same transaction: one fsync per finalize instead of two. No lookup for
      // another open sale first: the one there was is the one just finalized (sales_one_open).
      this.open = { row: this.insertOpenRow(), lines: [], payments: [], stamp: '' };
      const next = this.view(this.open);
      const sale: Sale = { ...open, status: 'finalizada', documentNumber: number, series: this.deps.series, finalizedAt };
      for (const h of this.hooks) h.beforeFinalizeCommit?.(sale);
      return { sale, next };
    });
  }

  /** Empties the open sale: lines, payments, discounts. */
  discard(): Sale {
    return this.mutate((s) => {
      this.q.deletePayments.run(s.row.id);
      this.q.deleteLines.run(s.row.id);
      this.q.resetSale.run(s.row.id);
      s.lines = [];
      s.payments = [];
      s.row = { ...s.row, sale_discount_cents: 0, sale_discount_bp: null, redemption_cents: 0, customer_cpf: null };
    }, false, 'discard');
  }

  // ---- internals ---------------------------------------------------------

  /**
   * Runs a change to the open sale in one immediate transaction. Changes to
   * lines keep a percent sale discount in step; payments are kept even when
   * they now pass the total (see reconcile).
   */
  private mutate(change: (s: OpenState) => void, linesChanged = true, kind?: 'line' | 'payment' | 'discard'): Sale {
    return this.commit(
      immediateTransaction,
      () => {
        let s = this.openState();
        const k = kind ?? (linesChanged ? 'line' : 'payment');
        if (this.hooks.length) {
          const before = this.stampNow();
          for (const h of this.hooks) h.beforeChange?.(k, s.row.id);
          if (this.stampNow() !== before) s = this.reload(s.row.id); // a hook wrote: read what it wrote
        }
        change(s);
        if (linesChanged) {
          this.reconcile(s);
          this.discounts?.check(s.row, s.lines);
        }
        return this.view(s);
      },
    );
  }

  /**
   * Runs fn in a transaction (`run`), then stamps the in-memory open sale as
   * matching what was committed; on any error it is dropped and re-read next time.
   */
  private commit<T>(run: (db: Db, fn: () => T) => T, fn: () => T): T {
    this.versionSeen = null;
    try {
      const out = run(this.deps.db, fn);
      // data_version does not move with this connection's own commits, so the one read inside the
      // transaction (openState) still holds: no read transaction of its own after COMMIT, and a
      // commit by another connection right after ours still shows at the next check.
      if (this.open) this.open.stamp = this.versionSeen === null ? this.stampNow() : `${this.q.changes.get()}:${this.versionSeen}`;
      return out;
    } catch (err) {
      this.open = null;
      throw err;
    }
  }

  private reconcile(s: OpenState): void {
    const row = s.row;
    if (row.sale_discount_cents === 0 && row.sale_discount_bp === null) return; // nothing to keep in step (most sales)
    const base = Math.max(0, netBeforeSaleDiscounts(lineAmounts(s.lines)) - row.redemption_cents);
    let discount = row.sale_discount_cents;
    if (row.sale_discount_bp !== null) discount = discountFromPercent(base, row.sale_discount_bp);
    if (discount > base) discount = base;
    if (discount !== row.sale_discount_cents) {
      this.q.setSaleDiscount.run(discount, row.sale_discount_bp, row.id);
      s.row = { ...row, sale_discount_cents: discount };
    }
    // Payments are never dropped here (a card may already be approved on the machine): when they now pass
    // the total the sale says so (paid > net) and finalize refuses until the cashier removes one.
  }

  private stampNow(): string {
    this.versionSeen = this.q.dataVersion.get()!;
    return `${this.q.changes.get()}:${this.versionSeen}`;
  }

  private labelLayout(): ScaleLabelLayout {
    return this.deps.labelLayout?.() ?? DEFAULT_LABEL_LAYOUT;
  }

  private lineLimits(s: OpenState): LineLimits {
    return (s.limits ??= readLineLimits(this.deps.db));
  }

  /** The open sale (created when there is none), from memory when nothing else wrote since our last commit. */
  private openState(): OpenState {
    const stamp = this.stampNow();
    if (this.open && this.open.stamp === stamp) return this.open;
    return this.reload(this.openRow().id);
  }

  private reload(id: string): OpenState {
    this.open = { row: this.q.byId.get(id)!, lines: this.q.lines.all(id), payments: this.q.payments.all(id), stamp: '' };
    return this.open;
  }

  private openRow(): SaleRow {
    return this.q.open.get() ?? this.insertOpenRow();
  }

  private insertOpenRow(): SaleRow {
    const id = this.deps.newId();
    const op = this.deps.operator();
    this.q.insertSale.run(id, this.deps.now().toISOString(), op.id, op.name);
    return this.q.byId.get(id)!;
  }

  private requireLine(s: OpenState, lineId: number): LineRow {
    const line = s.lines.find((l) => l.id === lineId);
    if (!line) throw new AppError('line.notFound', 'Item não encontrado nesta venda.');
    return line;
  }

  private replaceLine(s: OpenState, line: LineRow): void {
    s.lines = s.lines.map((l) => (l.id === line.id ? line : l));
  }

  private view(s: OpenState): Sale {
    return this.toSale(s.row, s.lines, s.payments);
  }

  private load(id: string): Sale {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('sale.notFound', 'Venda não encontrada.');
    return this.toSale(row, this.q.lines.all(id), this.q.payments.all(id));
  }

  private toSale(row: SaleRow, lineRows: LineRow[], paymentRows: PaymentRow[]): Sale {
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
    const totals = saleTotals({
      lines,
      saleDiscountCents: row.sale_discount_cents,
      redemptionCents: row.redemption_cents,
      payments,
    });
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

/** A card tender's details as stored (null when none were typed). */
function cardOf(p: PaymentRow): CardDetails | null {
  if (!p.card_brand && !p.installments && !p.nsu && !p.authorization_code) return null;
  return { brand: (p.card_brand ?? null) as CardDetails['brand'], installments: p.installments ?? null, nsu: p.nsu ?? null, authorization: p.authorization_code ?? null };
}

function amountsOf(l: LineRow) {
  return {
    quantity: l.quantity,
    unitPriceCents: l.unit_price_cents,
    discountCents: l.discount_cents,
    surchargeCents: l.surcharge_cents,
    fractional: l.fractional === 1,
    fixedGrossCents: l.fixed_gross_cents,
  };
}

function lineAmounts(lines: readonly LineRow[]) {
  return lines.map(amountsOf);
}

function lineTotalOf(quantity: number, unitPriceCents: number): number {
  return lineTotals({ quantity, unitPriceCents, discountCents: 0, surchargeCents: 0 }).grossCents;
}

/** A fractional product scanned or picked without a quantity: its weight comes from the scale or the cashier. */
export function weightNeeded(p: ScannedProduct): AppError {
  return new AppError('scale.weightNeeded', `Informe o peso de ${p.description}.`, {
    productCode: p.code,
    description: p.description,
    unit: p.unit,
    priceCents: p.priceCents,
  });
}

function totalsOf(s: OpenState) {
  return saleTotals({
    lines: lineAmounts(s.lines),
    saleDiscountCents: s.row.sale_discount_cents,
    redemptionCents: s.row.redemption_cents,
    payments: s.payments.map((p) => ({ amountCents: p.amount_cents, changeCents: p.change_cents })),
  });
}
