import type { Sale } from '../../shared/api/sales';
import type { Db } from '../db/open';
import { PAYMENT_BIT_SQL } from '../db/migrations/008_backoffice';

/** The finalize step that keeps the denormalised payment-forms bitmask (sales.pay_mask) in the sale's transaction. */
export function paymentMaskStep(db: Db): (sale: Sale) => void {
  const setMask = db.prepare(
    `UPDATE sales SET pay_mask = coalesce((SELECT sum(DISTINCT 1 << (${PAYMENT_BIT_SQL})) FROM payments p WHERE p.sale_id = ?), 0) WHERE id = ?`,
  );
  return (sale) => void setMask.run(sale.id, sale.id);
}
