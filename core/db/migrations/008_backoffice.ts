import type { Migration } from './types';

/**
 * Back office (Minhas vendas at 1M sales, shifts, reports).
 *
 * - sales.shift_id: the shift (caixa) the sale was finalized in (set at finalize).
 * - sales.pay_mask: bit `paymentFormBit(form_code)` set for every payment form of the sale (set at finalize),
 *   so "Forma de pagamento" is a bit test inside the covering index, never a join.
 * - sales.loyalty_flags: 1 = bonus generated (hub.GerarBonus done), 2 = bonus pending (GerarBonus not yet
 *   delivered), 4 = reversal pending (hub.EstornarVenda not yet delivered). Kept by triggers on the outbox, so
 *   whoever writes outbox rows (loyalty, cancellation, the worker) keeps it right.
 * - Indexes: one covering index led by finalized_at serves every period-bounded list/count/total; CPF,
 *   number, operator and each loyalty option have their own for all-time lookups. The query picks one with
 *   INDEXED BY. sales_hourly (triggers) answers count/total of period/status/operator filters.
 * - print_jobs rebuilt to allow the kinds 'shift' (opening/closing report) and 'cash' (suprimento/sangria slip).
 */
export const PAYMENT_BIT_SQL = `CASE WHEN form_code BETWEEN 0 AND 60 THEN form_code WHEN form_code = 90 THEN 61 ELSE 62 END`;

const LOYALTY_FLAGS_SQL = (saleId: string) => `
  (CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.sale_id = ${saleId} AND o.kind = 'hub.GerarBonus' AND o.status = 'done') THEN 1 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.sale_id = ${saleId} AND o.kind = 'hub.GerarBonus'
        AND o.status IN ('pending', 'sending', 'retrying', 'attention')) THEN 2 ELSE 0 END)
  | (CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.sale_id = ${saleId} AND o.kind = 'hub.EstornarVenda'
        AND o.status IN ('pending', 'sending', 'retrying', 'attention')) THEN 4 ELSE 0 END)`;

const ITEM_DISC = (id: string) => `(SELECT coalesce(sum(discount_cents), 0) FROM sale_lines WHERE sale_id = ${id})`;
export const COUNTED = (r: 'NEW' | 'OLD') => `${r}.finalized_at IS NOT NULL AND ${r}.status IN ('finalizada', 'cancelada')`;

/**
 * Aggregates per UTC hour (local midnights are whole UTC hours), kept by triggers on sales:
 * sales_hourly (status, operator: count, total, discounts, redeemed) and sales_hourly_form
 * (status, payment form: sales, amount). Minhas vendas' count/total and the report of any
 * whole-hour period read a few thousand rows instead of every sale.
 */
export const HOURLY_REBUILD_SQL = `
  DELETE FROM sales_hourly;
  DELETE FROM sales_hourly_form;
  INSERT INTO sales_hourly (hour, status, operator_id, n, total, sale_disc, redeemed, item_disc)
    SELECT substr(s.finalized_at, 1, 13), s.status, s.operator_id, count(*), sum(s.net_cents), sum(s.sale_discount_cents),
           sum(s.redemption_cents), coalesce(sum(${ITEM_DISC('s.id')}), 0)
    FROM sales s WHERE s.finalized_at IS NOT NULL AND s.status IN ('finalizada', 'cancelada') GROUP BY 1, 2, 3;
  INSERT INTO sales_hourly_form (hour, status, form_code, n, total)
    SELECT substr(s.finalized_at, 1, 13), s.status, p.form_code, count(DISTINCT s.id), sum(p.amount_cents)
    FROM sales s JOIN payments p ON p.sale_id = s.id
    WHERE s.finalized_at IS NOT NULL AND s.status IN ('finalizada', 'cancelada') GROUP BY 1, 2, 3;`;

/** Subtracts the OLD row from the aggregates (when it was counted): the first half of sales_hourly_upd (014 splits it). */
export const HOURLY_REMOVE_OLD = `
        UPDATE sales_hourly SET n = n - 1, total = total - OLD.net_cents, sale_disc = sale_disc - OLD.sale_discount_cents,
            redeemed = redeemed - OLD.redemption_cents, item_disc = item_disc - ${ITEM_DISC('OLD.id')}
          WHERE ${COUNTED('OLD')} AND hour = substr(OLD.finalized_at, 1, 13) AND status = OLD.status AND operator_id = OLD.operator_id;
        UPDATE sales_hourly_form SET n = n - 1,
            total = total - (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.sale_id = OLD.id AND p.form_code = sales_hourly_form.form_code)
          WHERE ${COUNTED('OLD')} AND hour = substr(OLD.finalized_at, 1, 13) AND status = OLD.status
            AND form_code IN (SELECT form_code FROM payments WHERE sale_id = OLD.id);`;

const add = (r: 'NEW') => `
    INSERT INTO sales_hourly (hour, status, operator_id, n, total, sale_disc, redeemed, item_disc)
      SELECT substr(${r}.finalized_at, 1, 13), ${r}.status, ${r}.operator_id, 1, ${r}.net_cents, ${r}.sale_discount_cents, ${r}.redemption_cents, ${ITEM_DISC(`${r}.id`)}
      WHERE ${COUNTED(r)}
      ON CONFLICT (hour, status, operator_id) DO UPDATE SET n = n + 1, total = total + excluded.total,
        sale_disc = sale_disc + excluded.sale_disc, redeemed = redeemed + excluded.redeemed, item_disc = item_disc + excluded.item_disc;
    INSERT INTO sales_hourly_form (hour, status, form_code, n, total)
      SELECT substr(${r}.finalized_at, 1, 13), ${r}.status, form_code, 1, sum(amount_cents) FROM payments
      WHERE sale_id = ${r}.id AND ${COUNTED(r)} GROUP BY form_code
      ON CONFLICT (hour, status, form_code) DO UPDATE SET n = n + 1, total = total + excluded.total;`;

/** Adds the NEW row to the aggregates (when it is counted). */
export const HOURLY_ADD_NEW = add('NEW');

const HOURLY_SQL = `
      CREATE TABLE sales_hourly (
        hour         TEXT NOT NULL,
        status       TEXT NOT NULL,
        operator_id  INTEGER NOT NULL,
        n            INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        sale_disc    INTEGER NOT NULL DEFAULT 0,
        redeemed     INTEGER NOT NULL DEFAULT 0,
        item_disc    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (hour, status, operator_id)
      ) WITHOUT ROWID;
      CREATE INDEX sales_hourly_operator ON sales_hourly(operator_id, hour, status, n, total);
      CREATE TABLE sales_hourly_form (
        hour       TEXT NOT NULL,
        status     TEXT NOT NULL,
        form_code  INTEGER NOT NULL,
        n          INTEGER NOT NULL,
        total      INTEGER NOT NULL,
        PRIMARY KEY (hour, status, form_code)
      ) WITHOUT ROWID;
      ${HOURLY_REBUILD_SQL}
      CREATE TRIGGER sales_hourly_ins AFTER INSERT ON sales WHEN ${COUNTED('NEW')}
      BEGIN ${HOURLY_ADD_NEW}
      END;
      CREATE TRIGGER sales_hourly_upd AFTER UPDATE OF status, finalized_at, net_cents, operator_id ON sales
      BEGIN${HOURLY_REMOVE_OLD}
        ${HOURLY_ADD_NEW}
      END;`;

export const m008Backoffice: Migration = {
  version: 8,
  name: 'backoffice',
  up(db) {
    db.exec(`
      CREATE TABLE shifts (
        id               INTEGER PRIMARY KEY,
        status           TEXT NOT NULL CHECK (status IN ('aberto', 'fechado')),
        opened_at        TEXT NOT NULL,
        opened_by_id     INTEGER NOT NULL,
        opened_by_name   TEXT NOT NULL,
        float_cents      INTEGER NOT NULL CHECK (float_cents >= 0),
        closed_at        TEXT,
        closed_by_name   TEXT,
        -- JSON [{formCode, expectedCents, countedCents, differenceCents}] written at closing.
        closing_json     TEXT,
        difference_cents INTEGER,
        approved_by      TEXT,
        pending_sync     INTEGER
      );
      CREATE UNIQUE INDEX shifts_one_open ON shifts(status) WHERE status = 'aberto';

      CREATE TABLE shift_movements (
        id            INTEGER PRIMARY KEY,
        shift_id      INTEGER NOT NULL REFERENCES shifts(id),
        kind          TEXT NOT NULL CHECK (kind IN ('suprimento', 'sangria')),
        amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
        reason        TEXT NOT NULL,
        operator_name TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX shift_movements_shift ON shift_movements(shift_id, id);

      ALTER TABLE sales ADD COLUMN shift_id INTEGER REFERENCES shifts(id);
      ALTER TABLE sales ADD COLUMN pay_mask INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sales ADD COLUMN loyalty_flags INTEGER NOT NULL DEFAULT 0;

      UPDATE sales SET pay_mask = coalesce((SELECT sum(DISTINCT 1 << (${PAYMENT_BIT_SQL})) FROM payments p WHERE p.sale_id = sales.id), 0)
        WHERE status != 'aberta';
      UPDATE sales SET loyalty_flags = ${LOYALTY_FLAGS_SQL('sales.id')}
        WHERE id IN (SELECT sale_id FROM outbox WHERE sale_id IS NOT NULL);

      CREATE INDEX sales_bo_time ON sales(finalized_at, status, net_cents, pay_mask, operator_id, loyalty_flags);
      CREATE INDEX sales_bo_cpf ON sales(customer_cpf, finalized_at) WHERE customer_cpf IS NOT NULL;
      CREATE INDEX sales_bo_number ON sales(document_number);
      CREATE INDEX sales_bo_operator ON sales(operator_id, finalized_at, status, net_cents, pay_mask, loyalty_flags);
      -- One covering partial index per "Fidelidade" option (the query repeats the exact WHERE term).
      CREATE INDEX sales_bo_bonus ON sales(finalized_at, status, net_cents, pay_mask, operator_id) WHERE loyalty_flags & 1 != 0;
      CREATE INDEX sales_bo_bonus_pending ON sales(finalized_at, status, net_cents, pay_mask, operator_id) WHERE loyalty_flags & 2 != 0;
      CREATE INDEX sales_bo_reversal_pending ON sales(finalized_at, status, net_cents, pay_mask, operator_id) WHERE loyalty_flags & 4 != 0;

      ${HOURLY_SQL}
      CREATE INDEX sales_bo_shift ON sales(shift_id, status);
      CREATE INDEX outbox_kind_sale ON outbox(kind, status);

      CREATE TRIGGER outbox_loyalty_ins AFTER INSERT ON outbox
        WHEN NEW.sale_id IS NOT NULL AND NEW.kind IN ('hub.GerarBonus', 'hub.EstornarVenda')
      BEGIN
        UPDATE sales SET loyalty_flags = ${LOYALTY_FLAGS_SQL('NEW.sale_id')} WHERE id = NEW.sale_id;
      END;
      CREATE TRIGGER outbox_loyalty_upd AFTER UPDATE OF status ON outbox
        WHEN NEW.sale_id IS NOT NULL AND NEW.kind IN ('hub.GerarBonus', 'hub.EstornarVenda') AND NEW.status != OLD.status
      BEGIN
        UPDATE sales SET loyalty_flags = ${LOYALTY_FLAGS_SQL('NEW.sale_id')} WHERE id = NEW.sale_id;
      END;

      CREATE TABLE print_jobs_new (
        id               INTEGER PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('sale', 'loyalty', 'cancellation', 'test', 'shift', 'cash')),
        sale_id          TEXT REFERENCES sales(id) ON DELETE SET NULL,
        title            TEXT NOT NULL,
        bytes            BLOB NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'done', 'failed')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        next_attempt_at  TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        printed_at       TEXT
      );
      INSERT INTO print_jobs_new SELECT id, kind, sale_id, title, bytes, status, attempts, last_error, next_attempt_at, created_at, updated_at, printed_at FROM print_jobs;
      DROP TABLE print_jobs;
      ALTER TABLE print_jobs_new RENAME TO print_jobs;
      CREATE INDEX print_jobs_status ON print_jobs(status, next_attempt_at);
      CREATE INDEX print_jobs_sale ON print_jobs(sale_id, kind);
    `);
  },
};
