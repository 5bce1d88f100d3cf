import type { ReceiptPreview } from '../../../shared/api/printing';
import { receiptPreview } from '../../../core/printing/decoder';
import type { Db } from '../db/db';

export interface SaleReceipt {
  /** false: the till had not printed it (automatic print off) and sent the receipt it would print. */
  printed: boolean;
  preview: ReceiptPreview;
}

/**
 * "Comprovante" of the sale detail: the bytes the till printed, decoded by the till's own ESC/POS decoder
 * (core/printing/decoder.ts, shared on purpose) into the very preview the till shows — not a second template.
 */
export async function saleReceipt(db: Db, saleId: string): Promise<SaleReceipt | null> {
  const [r] = await db.query<{ escpos: Uint8Array; columns: number; printed: boolean }>(
    'SELECT escpos, columns, printed FROM sale_receipts WHERE sale_id = $1',
    [saleId],
  );
  if (!r) return null;
  return { printed: r.printed, preview: receiptPreview(Buffer.from(r.escpos), r.columns) };
}
