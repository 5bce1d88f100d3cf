import type { Migration } from './types';

/**
 * Loyalty at the counter: the local customer registry (CadastrarCliente's
 * answer carries no name nor contact, EnviarPin needs them), the loyalty state
 * of each sale (customer identified, PIN validated, redemption decided,
 * campaign chosen, warnings) and pre-sales (DAV).
 */
export const m005Customers: Migration = {
  version: 5,
  name: 'customers',
  up(db) {
    db.exec(`
      CREATE TABLE customers (
        cpf          TEXT PRIMARY KEY CHECK (length(cpf) = 11),
        name         TEXT NOT NULL,
        mobile       TEXT NOT NULL DEFAULT '',
        email        TEXT NOT NULL DEFAULT '',
        phone        TEXT NOT NULL DEFAULT '',
        birth_date   TEXT,
        -- Every registration field of the contract (LoyaltyCustomer, our names), as sent in CadastrarCliente.
        data_json    TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      );
      CREATE INDEX customers_name ON customers(name);

      CREATE TABLE sale_loyalty (
        sale_id              TEXT PRIMARY KEY REFERENCES sales(id) ON DELETE CASCADE,
        cpf                  TEXT NOT NULL,
        customer_name        TEXT NOT NULL DEFAULT '',
        -- Last balance the hub reported (CadastrarCliente / ConsultarSaldo).
        current_cents        INTEGER NOT NULL DEFAULT 0,
        available_cents      INTEGER NOT NULL DEFAULT 0,
        uses_pin             INTEGER NOT NULL DEFAULT 0,
        pin_type             INTEGER,
        balance_guid         TEXT,
        pin_validated        INTEGER NOT NULL DEFAULT 0,
        pin_attempts         INTEGER NOT NULL DEFAULT 0,
        -- 1 once "Utilização de saldo" was answered (redeemed or "Continuar sem utilizar saldo").
        redemption_decided   INTEGER NOT NULL DEFAULT 0,
        campaign_id          INTEGER,
        campaign_description TEXT,
        campaigns_queued     INTEGER NOT NULL DEFAULT 0,
        warning              TEXT,
        updated_at           TEXT NOT NULL
      );

      CREATE TABLE pre_sales (
        number        INTEGER PRIMARY KEY AUTOINCREMENT,
        status        TEXT NOT NULL CHECK (status IN ('aberta', 'recuperada')),
        customer_cpf  TEXT,
        customer_name TEXT,
        item_count    INTEGER NOT NULL,
        total_cents   INTEGER NOT NULL,
        -- Lines, sale discount and customer as they were in the till.
        data_json     TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        recovered_at  TEXT
      );
      CREATE INDEX pre_sales_status ON pre_sales(status, number);
    `);
  },
};
