import type { Migration } from './types';

/**
 * The one outbox: every operation a partner (Hub Fidelidade, payment API) must
 * hear about, written in the SAME transaction as the domain change that causes
 * it, with its idempotency key (hub GUID, payment key) fixed at creation.
 * A worker delivers rows in order per ordering key (the sale) and keeps the
 * delivered ones as history.
 */
export const m004Outbox: Migration = {
  version: 4,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        -- Idempotency key sent to the partner (hub IdentificadorTransacao, payment key). Never re-minted.
        op_id            TEXT NOT NULL UNIQUE,
        -- 'hub.ResgatarSaldo', 'hub.GerarBonus', 'hub.EstornarVenda', 'payment.cancel', 'payment.refund', ...
        kind             TEXT NOT NULL,
        -- Channel for connectivity state and the top-bar badge: 'hub' | 'payment'.
        channel          TEXT NOT NULL,
        -- Rows of one key are delivered strictly in seq order (the sale's id).
        ordering_key     TEXT NOT NULL,
        seq              INTEGER NOT NULL,
        sale_id          TEXT REFERENCES sales(id) ON DELETE SET NULL,
        payload_json     TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'retrying', 'done', 'attention', 'discarded')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        -- Epoch milliseconds of the next attempt (pending rows: when they were created).
        next_attempt_ms  INTEGER NOT NULL,
        last_error_code  TEXT,
        last_error       TEXT,
        result_json      TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        done_at          TEXT,
        discarded_reason TEXT,
        discarded_by     TEXT,
        UNIQUE (ordering_key, seq)
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_ms) WHERE status IN ('pending', 'sending', 'retrying');
      CREATE INDEX outbox_sale ON outbox(sale_id, seq);
      CREATE INDEX outbox_history ON outbox(status, done_at) WHERE status IN ('done', 'discarded');
    `);
  },
};
