import type { SaleRecord } from '../../../shared/retaguarda/records';
import type { Queryable } from '../db/db';

/** The receipts of the batch's newly inserted sales (one statement); a sale sent again keeps its first receipt. */
export async function insertReceipts(tx: Queryable, sales: SaleRecord[], fresh: Set<string>): Promise<void> {
  const rows = sales.filter((s) => fresh.has(s.id) && s.receipt);
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO sale_receipts (sale_id, escpos, columns, printed)
     SELECT u.id, decode(u.b64, 'base64'), u.cols, u.printed FROM unnest($1::uuid[], $2::text[], $3::int[], $4::boolean[]) AS u(id, b64, cols, printed)
     ON CONFLICT (sale_id) DO NOTHING`,
    [rows.map((s) => s.id), rows.map((s) => s.receipt!.escpos), rows.map((s) => s.receipt!.columns), rows.map((s) => s.receipt!.printed)],
  );
}
