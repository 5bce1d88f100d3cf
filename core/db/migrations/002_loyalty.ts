import type { Migration } from './types';

/** Hub Fidelidade: partners, the company's hub settings (key sealed) and every hub operation. */
export const m002Loyalty: Migration = {
  version: 2,
  name: 'loyalty',
  up(db) {
    db.exec(`
      CREATE TABLE hub_partners (
        id                   INTEGER PRIMARY KEY,
        name                 TEXT NOT NULL,
        product_description  TEXT NOT NULL,
        -- NULL = the configured hub URL (BALCAO_HUB_URL or the embedded sandbox).
        base_url             TEXT,
        -- JSON {"ConsultarSaldo": "PartnerName", ...}; NULL = the contract's names.
        routes_json          TEXT,
        timeout_ms           INTEGER NOT NULL DEFAULT 15000 CHECK (timeout_ms > 0)
      );
      INSERT INTO hub_partners (id, name, product_description) VALUES
        (1, 'Hub Fidelidade Sandbox', 'Microvix'),
        (2, 'Hub Fidelidade Sandbox (Seta)', 'Seta');

      CREATE TABLE companies (
        id     INTEGER PRIMARY KEY,
        name   TEXT NOT NULL,
        cnpj   TEXT NOT NULL
      );
      INSERT INTO companies (id, name, cnpj) VALUES (1, 'Loja Balcão', '54517628001593');

      CREATE TABLE hub_company_settings (
        partner_id        INTEGER NOT NULL REFERENCES hub_partners(id),
        company_id        INTEGER NOT NULL REFERENCES companies(id),
        -- The integration key, sealed (SecretSealer); never stored in clear.
        key_sealed        BLOB,
        key_hint          TEXT,
        environment       INTEGER NOT NULL DEFAULT 0 CHECK (environment IN (0, 1)),
        active            INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        updated_at        TEXT NOT NULL,
        PRIMARY KEY (partner_id, company_id)
      );

      CREATE TABLE hub_operations (
        guid           TEXT PRIMARY KEY,
        route          TEXT NOT NULL,
        -- Caller's key for "the same operation" (e.g. saleId:ResgatarSaldo): a retry reuses the GUID.
        op_key         TEXT,
        request_json   TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'business_error', 'communication_error', 'out_of_standard')),
        response_json  TEXT,
        error_code     TEXT,
        error_message  TEXT,
        http_status    INTEGER,
        attempts       INTEGER NOT NULL DEFAULT 0,
        duration_ms    INTEGER,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      );
      CREATE INDEX hub_operations_key ON hub_operations(op_key, created_at);
      CREATE INDEX hub_operations_status ON hub_operations(status, created_at);
    `);
  },
};
