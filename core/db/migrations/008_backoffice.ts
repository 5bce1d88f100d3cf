import type { Migration } from './index';

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

      -- Count and total per UTC hour, status and operator, kept by triggers: the summary of a period (local
      -- midnights are whole UTC hours), status and operator reads a few thousand rows instead of every sale.
      CREATE TABLE sales_hourly (
        hour         TEXT NOT NULL,
        status       TEXT NOT NULL,
        operator_id  INTEGER NOT NULL,
        n            INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        PRIMARY KEY (hour, status, operator_id)
      ) WITHOUT ROWID;
      CREATE INDEX sales_hourly_operator ON sales_hourly(operator_id, hour);
      INSERT INTO sales_hourly (hour, status, operator_id, n, total)
        SELECT substr(finalized_at, 1, 13), status, operator_id, count(*), sum(net_cents) FROM sales
        WHERE finalized_at IS NOT NULL AND status IN ('finalizada', 'cancelada') GROUP BY 1, 2, 3;
      CREATE TRIGGER sales_hourly_ins AFTER INSERT ON sales
        WHEN NEW.finalized_at IS NOT NULL AND NEW.status IN ('finalizada', 'cancelada')
      BEGIN
        INSERT INTO sales_hourly (hour, status, operator_id, n, total) VALUES (substr(NEW.finalized_at, 1, 13), NEW.status, NEW.operator_id, 1, NEW.net_cents)
          ON CONFLICT (hour, status, operator_id) DO UPDATE SET n = n + 1, total = total + excluded.total;
      END;
      CREATE TRIGGER sales_hourly_upd AFTER UPDATE OF status, finalized_at, net_cents, operator_id ON sales
      BEGIN
        UPDATE sales_hourly SET n = n - 1, total = total - OLD.net_cents
          WHERE OLD.finalized_at IS NOT NULL AND OLD.status IN ('finalizada', 'cancelada')
            AND hour = substr(OLD.finalized_at, 1, 13) AND status = OLD.status AND operator_id = OLD.operator_id;
        INSERT INTO sales_hourly (hour, status, operator_id, n, total)
          SELECT substr(NEW.finalized_at, 1, 13), NEW.status, NEW.operator_id, 1, NEW.net_cents
          WHERE NEW.finalized_at IS NOT NULL AND NEW.status IN ('finalizada', 'cancelada')
          ON CONFLICT (hour, status, operator_id) DO UPDATE SET n = n + 1, total = total + excluded.total;
      END;
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
