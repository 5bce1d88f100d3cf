import type { Migration } from './types';

/**
 * PIX / digital-wallet charges through the payment API: one row per ATTEMPT
 * (a QR), written with its order_ref BEFORE the first network call, so a
 * timeout or a crash never leads to a second charge for the same attempt and
 * an open order is watched again after a restart.
 */
export const m006Payments: Migration = {
  version: 6,
  name: 'payments',
  up(db) {
    db.exec(`
      CREATE TABLE payment_orders (
        id                 INTEGER PRIMARY KEY,
        order_ref          TEXT NOT NULL UNIQUE,
        sale_id            TEXT NOT NULL REFERENCES sales(id),
        form_code          INTEGER NOT NULL,
        wallet             TEXT,
        amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
        -- creating | unknown | pending | approved | expired | cancelling | cancelled | refund_pending | refunded | partial_refunded | failed
        status             TEXT NOT NULL,
        order_id           TEXT,
        qr_code_text       TEXT,
        wallet_payment_id  TEXT,
        payment_id         INTEGER,
        refunded_cents     INTEGER NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
        last_error         TEXT,
        expires_at         TEXT,
        paid_at            TEXT,
        last_lookup_ms     INTEGER,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL
      );
      CREATE INDEX payment_orders_sale ON payment_orders(sale_id, id);
      CREATE INDEX payment_orders_open ON payment_orders(status) WHERE status IN ('creating', 'unknown', 'pending', 'refund_pending');
    `);
  },
};
