/** "Transações": keyset pages of the filtered sales (newest first), totals, detail. */
import { saleReceipt } from './receipt';
import { summaryApplies, summaryCount } from './summary';
import type { Db } from '../db/db';
import { badRequest, notFound } from '../errors';
import { intParam } from '../http/body';
import type { PanelPrincipal } from './auth-roles';
import { allowedStores, assertStoreAccess, formName, PIX_FORMS, saleWhere, Where, type SaleFilters } from './filters';

export interface SaleRow {
  id: string;
  finalizedAt: string;
  storeName: string;
  tillName: string;
  number: number | null;
  status: string;
  operator: string;
  cpf: string | null;
  itemCount: number;
  grossCents: number;
  discountCents: number;
  redemptionCents: number;
  surchargeCents: number;
  totalCents: number;
  forms: string[];
}

/** CPF shown as ***.456.789-** (the panel never lists a whole CPF). */
export function maskCpf(cpf: string | null): string | null {
  if (!cpf) return null;
  const d = cpf.replace(/\D/g, '');
  return d.length === 11 ? `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**` : '***';
}

interface RawRow {
  id: string;
  cursor_at: string;
  finalized_at: Date;
  store_name: string;
  till_name: string;
  number: number | null;
  status: string;
  operator_name: string;
  customer_cpf: string | null;
  item_count: number;
  gross_cents: number;
  discount_cents: number;
  redemption_cents: number;
  surcharge_cents: number;
  total_cents: number;
  forms: number[] | null;
}

function toRow(r: RawRow): SaleRow {
  return {
    id: r.id,
    finalizedAt: new Date(r.finalized_at).toISOString(),
    storeName: r.store_name,
    tillName: r.till_name,
    number: r.number,
    status: r.status,
    operator: r.operator_name,
    cpf: maskCpf(r.customer_cpf),
    itemCount: r.item_count,
    grossCents: r.gross_cents,
    discountCents: r.discount_cents,
    redemptionCents: r.redemption_cents,
    surchargeCents: r.surcharge_cents,
    totalCents: r.total_cents,
    forms: [...new Set(r.forms ?? [])].map(formName),
  };
}

/** Cursor = the last row's exact finalized_at (text, microseconds) + id. */
export function parseCursor(raw: string | null): { at: string; id: string } | null {
  if (!raw) return null;
  const i = raw.lastIndexOf('|');
  const at = raw.slice(0, i);
  const id = raw.slice(i + 1);
  if (i < 0 || !/^[0-9a-f-]{36}$/i.test(id) || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(at)) throw badRequest('Cursor de página inválido.');
  return { at, id };
}

/** One page of sales, newest first, after `cursor`. */
export async function salesPage(db: Db, p: PanelPrincipal, f: SaleFilters, cursor: { at: string; id: string } | null, limit: number) {
  // A user with several stores (a Gerente) and no store chosen: each store's newest sales through its own
  // indexes (a LATERAL per store, each LIMITed), merged; `store_id = ANY(…)` would sort the whole period.
  const stores = allowedStores(p, f.storeId);
  const several = stores !== null && stores.length > 1 ? new Where([stores]) : null;
  const w = several ? saleWhere(p, f, 's', { where: several, column: 'sel.store_id' }) : saleWhere(p, f);
  if (cursor) w.add('(s.finalized_at, s.id) < (?::timestamptz, ?::uuid)', cursor.at, cursor.id);
  w.params.push(limit + 1);
  const take = `$${w.params.length}`;
  const from = several
    ? `unnest($1::uuid[]) AS sel(store_id) CROSS JOIN LATERAL (SELECT s.* FROM sales s ${w} ORDER BY s.finalized_at DESC, s.id DESC LIMIT ${take}) s`
    : 'sales s';
  const rows = await db.query<RawRow>(
    `SELECT s.id, s.finalized_at::text AS cursor_at, s.finalized_at, st.name AS store_name, t.name AS till_name, s.number, s.status,
            s.operator_name, s.customer_cpf, s.item_count, s.gross_cents, s.discount_cents, s.redemption_cents, s.surcharge_cents,
            s.total_cents, (SELECT array_agg(sp.form_code ORDER BY sp.payment_no) FROM sale_payments sp WHERE sp.sale_id = s.id) AS forms
       FROM ${from} JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id
       ${several ? '' : w}
      ORDER BY s.finalized_at DESC, s.id DESC
      LIMIT ${take}`,
    w.params,
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page.map(toRow), next: more && last ? `${last.cursor_at}|${last.id}` : null };
}

/** The list's count above which a filtered count stops (the summary tables count period/store/caixa/status exactly). */
export const COUNT_CAP = 10_000;

export async function salesSummary(db: Db, p: PanelPrincipal, f: SaleFilters) {
  // Period/store/caixa/status only: from the summary table (a month of a chain is ~830k sales at 10M).
  if (summaryApplies(f)) return summaryCount(db, p, f);
  // Other filters: counted up to COUNT_CAP rows (bounded work on any range); above it "mais de 10.000".
  const w = saleWhere(p, f);
  const [r] = await db.query<{ count: number; total: number }>(
    `SELECT count(*)::int AS count, coalesce(sum(x.total_cents), 0)::bigint AS total FROM (SELECT s.total_cents FROM sales s ${w} LIMIT ${COUNT_CAP + 1}) x`,
    w.params,
  );
  if (r.count > COUNT_CAP) return { count: COUNT_CAP, totalCents: null, capped: true };
  return { count: Number(r.count), totalCents: Number(r.total) };
}

export async function listSales(db: Db, p: PanelPrincipal, f: SaleFilters, url: URL) {
  const limit = intParam(url, 'limite', 50, 1, 200);
  const cursor = parseCursor(url.searchParams.get('cursor'));
  const page = await salesPage(db, p, f, cursor, limit);
  // The first page carries its count only when the summary tables give it at once; otherwise the screen
  // asks /v1/panel/sales/count after showing the page (a count over a filtered month is not first-page work).
  return { ...page, summary: cursor || !summaryApplies(f) ? null : await summaryCount(db, p, f) };
}

export async function saleDetail(db: Db, p: PanelPrincipal, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw badRequest('Venda inválida.');
  const [s] = await db.query<RawRow & { store_id: string; series: string | null; opened_at: Date; received_at: Date; updated_at: Date; cancelled_at: Date | null; loyalty: unknown; till_id: string }>(
    `SELECT s.*, s.finalized_at::text AS cursor_at, st.name AS store_name, t.name AS till_name, NULL::int[] AS forms
       FROM sales s JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id WHERE s.id = $1`,
    [id],
  );
  if (!s) throw notFound('Venda não encontrada.');
  assertStoreAccess(p, s.store_id);
  const lines = await db.query(
    `SELECT line_no AS "lineNo", product_code AS "productCode", ean, description, unit, quantity, unit_price_cents AS "unitPriceCents",
            gross_cents AS "grossCents", discount_cents AS "discountCents", surcharge_cents AS "surchargeCents", total_cents AS "totalCents"
       FROM sale_lines WHERE sale_id = $1 ORDER BY line_no`,
    [id],
  );
  const payments = await db.query<{ formCode: number }>(
    `SELECT p.payment_no AS "paymentNo", p.form_code AS "formCode", p.amount_cents AS "amountCents", p.received_cents AS "receivedCents",
            p.change_cents AS "changeCents", p.reference, p.pix_status AS "pixStatus", p.pix_end_to_end AS "pixEndToEnd",
            CASE WHEN c.sale_id IS NULL THEN NULL
                 ELSE jsonb_build_object('brand', c.brand, 'installments', c.installments, 'nsu', c.nsu, 'authorization', c.authorization_code) END AS card
       FROM sale_payments p LEFT JOIN sale_payment_cards c ON c.sale_id = p.sale_id AND c.payment_no = p.payment_no
      WHERE p.sale_id = $1 ORDER BY p.payment_no`,
    [id],
  );
  const [cancellation] = await db.query(
    `SELECT cancelled_at AS "cancelledAt", reason, cancelled_by AS "cancelledBy", approved_by AS "approvedBy", received_at AS "receivedAt"
       FROM sale_cancellations WHERE sale_id = $1`,
    [id],
  );
  return {
    sale: {
      ...toRow(s),
      series: s.series,
      openedAt: new Date(s.opened_at).toISOString(),
      loyalty: s.loyalty ?? null,
    },
    lines,
    payments: payments.map((x) => ({ ...x, name: formName(x.formCode) })),
    cancellation: cancellation ?? null,
    receipt: await saleReceipt(db, id),
    sync: { receivedAt: new Date(s.received_at).toISOString(), updatedAt: new Date(s.updated_at).toISOString() },
  };
}

/** "Pagamentos PIX": PIX/wallet payments with the payment API's status, newest first, keyset by (sale instant, sale, payment). */
export async function pixPage(db: Db, p: PanelPrincipal, f: SaleFilters, url: URL, limit: number, after: { at: string; id: string; no: number } | null) {
  const status = url.searchParams.get('pix') || null;
  const wallet = url.searchParams.get('carteira') ? Number(url.searchParams.get('carteira')) : null;
  const w = saleWhere(p, { ...f, status: null, formCode: null });
  w.add('sp.form_code = ANY(?::int[])', wallet !== null && Number.isInteger(wallet) ? [wallet] : PIX_FORMS);
  if (status) w.add("coalesce(sp.pix_status, 'PENDENTE') = ?", status);
  if (after) w.add('(s.finalized_at, s.id, sp.payment_no) < (?::timestamptz, ?::uuid, ?::int)', after.at, after.id, after.no);
  w.params.push(limit);
  const rows = await db.query<{ cursor_at: string; payment_no: number; finalized_at: Date; store_name: string; till_name: string; sale_id: string; number: number | null; form_code: number; amount_cents: number; status: string; pix_end_to_end: string | null; reference: string | null }>(
    `SELECT s.finalized_at::text AS cursor_at, sp.payment_no, s.finalized_at, st.name AS store_name, t.name AS till_name, s.id AS sale_id, s.number, sp.form_code, sp.amount_cents,
            coalesce(sp.pix_status, 'PENDENTE') AS status, sp.pix_end_to_end, sp.reference
       FROM sales s JOIN sale_payments sp ON sp.sale_id = s.id JOIN stores st ON st.id = s.store_id JOIN tills t ON t.id = s.till_id
       ${w} ORDER BY s.finalized_at DESC, s.id DESC, sp.payment_no DESC LIMIT $${w.params.length}`,
    w.params,
  );
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r) => ({
      at: new Date(r.finalized_at).toISOString(),
      storeName: r.store_name,
      tillName: r.till_name,
      saleId: r.sale_id,
      number: r.number,
      wallet: formName(r.form_code),
      amountCents: r.amount_cents,
      status: r.status,
      endToEnd: r.pix_end_to_end,
      reference: r.reference,
    })),
    after: rows.length === limit && last ? { at: last.cursor_at, id: last.sale_id, no: last.payment_no } : null,
  };
}

export async function pixPayments(db: Db, p: PanelPrincipal, f: SaleFilters, url: URL) {
  const { rows } = await pixPage(db, p, f, url, intParam(url, 'limite', 100, 1, 500), null);
  return { rows };
}
