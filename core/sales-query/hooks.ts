import type { Db } from '../db/open';
import { PAYMENT_BIT_SQL } from '../db/migrations/008_backoffice';
import type { SalesService } from '../sales/service';

/** Keeps the denormalised payment-forms bitmask (sales.pay_mask) in the finalize transaction. */
export function attachSalesQueryHooks(sales: SalesService, db: Db): void {
  const setMask = db.prepare(
    `UPDATE sales SET pay_mask = coalesce((SELECT sum(DISTINCT 1 << (${PAYMENT_BIT_SQL})) FROM payments p WHERE p.sale_id = ?), 0) WHERE id = ?`,
  );
  sales.use({ beforeFinalizeCommit: (sale) => void setMask.run(sale.id, sale.id) });
}
