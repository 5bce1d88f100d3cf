import type { Migration } from './types';
import { COUNTED, HOURLY_ADD_NEW, HOURLY_REMOVE_OLD } from './008_backoffice';

/**
 * Fewer pages written by a finalize (its fsync'd WAL append was ~20 pages, a
 * bare one-row commit's is 1).
 *
 * - The open sale stays out of the back-office indexes: sales_bo_time,
 *   sales_bo_operator, sales_bo_number and sales_bo_cpf only hold finalized
 *   sales (finalized_at IS NOT NULL; a CPF typed at the counter no longer
 *   touches sales_bo_cpf), sales_bo_shift only linked ones. Before, each
 *   finalize deleted the open row's entry at one end of every index and
 *   inserted it at the other (two leaf pages each), and the next open sale
 *   went back into every one of them. Every query that names these indexes
 *   already says `finalized_at IS NOT NULL` or bounds finalized_at (which
 *   implies it), and the shift queries say `shift_id = ?`, so SQLite may use
 *   the partial indexes (https://sqlite.org/partialindex.html, "Queries Using
 *   Partial Indexes").
 * - sales_status (status, finalized_at) goes: the open sale is found through
 *   sales_one_open, and every list of finalized/cancelled sales goes through
 *   sales_bo_time.
 * - sales_hourly_upd is split in two triggers whose WHEN says whether the old
 *   row was counted and whether the new one is, so a finalize (old row open)
 *   runs only the "add" half. Same statements, same answers.
 */
export const m014SalePath: Migration = {
  version: 14,
  name: 'sale_path',
  up(db) {
    db.exec(`
      DROP INDEX sales_status;
      DROP INDEX sales_bo_time;
      CREATE INDEX sales_bo_time ON sales(finalized_at, status, net_cents, pay_mask, operator_id, loyalty_flags)
        WHERE finalized_at IS NOT NULL;
      DROP INDEX sales_bo_operator;
      CREATE INDEX sales_bo_operator ON sales(operator_id, finalized_at, status, net_cents, pay_mask, loyalty_flags)
        WHERE finalized_at IS NOT NULL;
      DROP INDEX sales_bo_number;
      CREATE INDEX sales_bo_number ON sales(document_number) WHERE finalized_at IS NOT NULL;
      DROP INDEX sales_bo_shift;
      CREATE INDEX sales_bo_shift ON sales(shift_id, status) WHERE shift_id IS NOT NULL;
      DROP INDEX sales_bo_cpf;
      CREATE INDEX sales_bo_cpf ON sales(customer_cpf, finalized_at) WHERE customer_cpf IS NOT NULL AND finalized_at IS NOT NULL;

      DROP TRIGGER sales_hourly_upd;
      CREATE TRIGGER sales_hourly_upd_old AFTER UPDATE OF status, finalized_at, net_cents, operator_id ON sales
        WHEN ${COUNTED('OLD')}
      BEGIN${HOURLY_REMOVE_OLD}
      END;
      CREATE TRIGGER sales_hourly_upd_new AFTER UPDATE OF status, finalized_at, net_cents, operator_id ON sales
        WHEN ${COUNTED('NEW')}
      BEGIN ${HOURLY_ADD_NEW}
      END;
    `);
  },
};
