import type { SaleRecord } from '../../shared/retaguarda/records';
import type { Db } from '../db/open';
import { columnsFor } from '../printing/layout';
import type { PrintingService } from '../printing/service';
import type { SalesService } from '../sales/service';

/**
 * The receipt a sale record carries (the panel's "Comprovante" in the sale detail): the bytes of the sale's
 * first receipt print job — what the printer got — or, when none was printed (automatic print off), the
 * bytes the till would print for it now. Never throws: a receipt that cannot be built is left out.
 */
export function receiptAsPrinted(db: Db, printing: PrintingService, sales: SalesService, saleId: string): SaleRecord['receipt'] {
  try {
    // Queues an automatic receipt still waiting for the turn after finalize, so a sale sent at once has it.
    printing.receiptsOf(saleId);
    const job = db.prepare<[string], { bytes: Buffer }>(`SELECT bytes FROM print_jobs WHERE sale_id = ? AND kind = 'sale' ORDER BY id LIMIT 1`).get(saleId);
    const bytes = job?.bytes ?? printing.saleReceiptBytes(sales.get(saleId), true);
    if (bytes.length > 290_000) return null; // a receipt beyond the record's bound (thousands of lines): not sent
    return { escpos: Buffer.from(bytes).toString('base64'), columns: columnsFor(printing.settings().paperMm), printed: !!job };
  } catch {
    return null;
  }
}
