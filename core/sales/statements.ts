import type { Db } from '../db/open';
import type { LineRow, PaymentRow, SaleRow } from './rows';

/** Every statement of the sale, prepared once per connection. */
export function prepareSaleStatements(db: Db) {
  return {
    open: db.prepare<[], SaleRow>(`SELECT * FROM sales WHERE status = 'aberta'`),
    byId: db.prepare<[string], SaleRow>(`SELECT * FROM sales WHERE id = ?`),
    lines: db.prepare<[string], LineRow>(`SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_order`),
    payments: db.prepare<[string], PaymentRow>(`SELECT * FROM payments WHERE sale_id = ? ORDER BY id`),
    // No RETURNING: its ephemeral table costs more than reading the row back by id.
    insertSale: db.prepare(`INSERT INTO sales (id, status, opened_at, operator_id, operator_name) VALUES (?, 'aberta', ?, ?, ?)`),
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
    resetSale: db.prepare(`UPDATE sales SET sale_discount_cents = 0, sale_discount_bp = NULL, redemption_cents = 0, customer_cpf = NULL WHERE id = ?`),
    nextNumber: db.prepare<[string], { last_number: number }>(`UPDATE document_series SET last_number = last_number + 1 WHERE series = ? RETURNING last_number`),
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

export type SaleStatements = ReturnType<typeof prepareSaleStatements>;
