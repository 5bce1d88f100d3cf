import type { Migration } from './types';

/**
 * Users (PIN login, roles), the append-only audit log and cancellations of
 * finished sales. `operators.role` keeps its values: 'caixa' is shown as
 * "Operador", 'gerente' as "Gerente". PINs are stored only as scrypt hashes
 * with a per-user salt. The seeded rows have no PIN: nobody can log in as
 * them until "Primeiro acesso" (or BALCAO_ADMIN_PIN) gives a Gerente one.
 */
export const m007Users: Migration = {
  version: 7,
  name: 'users_audit_cancellation',
  up(db) {
    db.exec(`
      ALTER TABLE operators ADD COLUMN pin_hash TEXT;
      ALTER TABLE operators ADD COLUMN pin_salt TEXT;
      ALTER TABLE operators ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE operators ADD COLUMN locked_until_ms INTEGER;
      ALTER TABLE operators ADD COLUMN created_at TEXT;
      CREATE UNIQUE INDEX operators_name ON operators(name COLLATE NOCASE) WHERE active = 1;

      CREATE TABLE audit_log (
        id             INTEGER PRIMARY KEY,
        at             TEXT NOT NULL,
        operator_id    INTEGER,
        operator_name  TEXT,
        approver_id    INTEGER,
        approver_name  TEXT,
        action         TEXT NOT NULL,
        sale_id        TEXT,
        amount_cents   INTEGER,
        reason         TEXT,
        details_json   TEXT
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_action ON audit_log(action, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log é somente inclusão'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log é somente inclusão'); END;

      CREATE TABLE sale_cancellations (
        sale_id        TEXT PRIMARY KEY REFERENCES sales(id),
        cancelled_at   TEXT NOT NULL,
        operator_id    INTEGER NOT NULL,
        operator_name  TEXT NOT NULL,
        approver_id    INTEGER,
        approver_name  TEXT,
        reason         TEXT NOT NULL,
        -- The hub reversal's GUID (outbox op_id), when the sale went to the hub.
        reversal_op_id TEXT
      );
    `);
  },
};
