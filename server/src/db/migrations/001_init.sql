-- Retaguarda Balcão: the store server's schema. Plain SQL for PostgreSQL and PGlite alike.
-- Money in integer cents (bigint), quantities as the till keeps them (integer), instants as timestamptz.

CREATE TABLE stores (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  cnpj        char(14) NOT NULL UNIQUE,
  address     text NOT NULL DEFAULT '',
  -- The store's change cursor: every catalog/user/setting write takes the next values under this
  -- row's lock, so within a store the cursor order is the commit order (a till never skips a change).
  change_seq  bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tills (
  id           uuid PRIMARY KEY,
  store_id     uuid NOT NULL REFERENCES stores(id),
  name         text NOT NULL,
  -- HMAC key derived one-way from the secret shown once (see server/src/admin/credentials.ts).
  signing_key  text NOT NULL,
  revoked_at   timestamptz,
  last_seen_at timestamptz,
  -- Highest record sequence the till has sent (per-till order; monitoring in the panel).
  last_record_seq bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tills_store ON tills(store_id);

-- Signed-request nonces seen inside the replay window.
CREATE TABLE till_nonces (
  till_id  uuid NOT NULL,
  nonce    text NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (till_id, nonce)
);
CREATE INDEX till_nonces_seen ON till_nonces(seen_at);

-- Till users (Operador = caixa, Gerente = gerente), valid at every till of the store.
-- pin_hash/pin_salt: scrypt in the till's own format (core/users/pin.ts) so tills verify offline.
CREATE TABLE till_users (
  id          uuid PRIMARY KEY,
  store_id    uuid NOT NULL REFERENCES stores(id),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('caixa', 'gerente')),
  pin_hash    text NOT NULL,
  pin_salt    text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  change_seq  bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX till_users_changes ON till_users(store_id, change_seq);
CREATE UNIQUE INDEX till_users_name ON till_users(store_id, lower(name)) WHERE active;

-- Catalog per store (a key or command naming several stores writes each).
CREATE TABLE products (
  store_id     uuid NOT NULL REFERENCES stores(id),
  code         integer NOT NULL,
  description  text NOT NULL,
  price_cents  bigint NOT NULL CHECK (price_cents >= 0),
  unit         text NOT NULL,
  eans         text[] NOT NULL DEFAULT '{}',
  active       boolean NOT NULL DEFAULT true,
  change_seq   bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, code)
);
CREATE INDEX products_changes ON products(store_id, change_seq);

-- Store settings the tills apply (payment forms, discount limit, shift tolerance, receipt header).
CREATE TABLE store_settings (
  store_id    uuid NOT NULL REFERENCES stores(id),
  key         text NOT NULL,
  value       jsonb NOT NULL,
  change_seq  bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, key)
);
CREATE INDEX store_settings_changes ON store_settings(store_id, change_seq);

-- Integration API keys: "rtgk_<id>_<secret>"; only sha256(secret) is kept.
CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  secret_hash  text NOT NULL,
  scopes       text[] NOT NULL,
  store_ids    uuid[],            -- NULL = every store
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_used_at timestamptz
);

-- ---- Up: what the tills send (each record keyed by the till's own UUID) ----

CREATE TABLE shifts (
  id                   uuid PRIMARY KEY,
  store_id             uuid NOT NULL REFERENCES stores(id),
  till_id              uuid NOT NULL REFERENCES tills(id),
  opened_at            timestamptz NOT NULL,
  opened_by            text NOT NULL,
  opening_float_cents  bigint NOT NULL,
  closed_at            timestamptz,
  closed_by            text,
  closing              jsonb,      -- [{formCode, expectedCents, countedCents, differenceCents}]
  movements            jsonb NOT NULL DEFAULT '[]',  -- [{id, kind, amountCents, reason, at, by}]
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shifts_changed ON shifts(updated_at, id);
CREATE INDEX shifts_store ON shifts(store_id, opened_at);

CREATE TABLE sales (
  id                   uuid PRIMARY KEY,
  store_id             uuid NOT NULL REFERENCES stores(id),
  till_id              uuid NOT NULL REFERENCES tills(id),
  number               integer,
  series               text,
  status               text NOT NULL CHECK (status IN ('finalizada', 'cancelada')),
  opened_at            timestamptz NOT NULL,
  finalized_at         timestamptz NOT NULL,
  cancelled_at         timestamptz,
  operator_name        text NOT NULL,
  shift_id             uuid,
  customer_cpf         text,
  gross_cents          bigint NOT NULL,
  discount_cents       bigint NOT NULL,
  redemption_cents     bigint NOT NULL,
  surcharge_cents      bigint NOT NULL,
  total_cents          bigint NOT NULL,
  item_count           integer NOT NULL,
  -- Bit (1 << formCode % 31) per payment form used: the panel's "forma de pagamento" filter.
  pay_mask             integer NOT NULL,
  loyalty              jsonb,
  received_at          timestamptz NOT NULL DEFAULT now(),
  -- Last change seen by the server (insert, cancellation): the integration API's `since` and keyset.
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sales_changed ON sales(updated_at, id);
CREATE INDEX sales_store_period ON sales(store_id, finalized_at);
CREATE INDEX sales_till_period ON sales(till_id, finalized_at);
CREATE INDEX sales_shift ON sales(shift_id);

CREATE TABLE sale_lines (
  sale_id           uuid NOT NULL REFERENCES sales(id),
  line_no           integer NOT NULL,
  product_code      integer NOT NULL,
  ean               text NOT NULL,
  description       text NOT NULL,
  unit              text NOT NULL,
  quantity          integer NOT NULL,
  unit_price_cents  bigint NOT NULL,
  gross_cents       bigint NOT NULL,
  discount_cents    bigint NOT NULL,
  surcharge_cents   bigint NOT NULL,
  total_cents       bigint NOT NULL,
  PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE sale_payments (
  sale_id          uuid NOT NULL REFERENCES sales(id),
  payment_no       integer NOT NULL,
  form_code        integer NOT NULL,
  amount_cents     bigint NOT NULL,
  received_cents   bigint NOT NULL,
  change_cents     bigint NOT NULL,
  reference        text,
  pix_status       text,   -- PIX: the payment API's last status (APROVADO, ESTORNADO, …)
  pix_end_to_end   text,
  PRIMARY KEY (sale_id, payment_no)
);
CREATE INDEX sale_payments_form ON sale_payments(form_code, sale_id);

-- A cancellation may reach the server before its sale (different batches): kept here, applied when
-- the sale arrives.
CREATE TABLE sale_cancellations (
  id            uuid PRIMARY KEY,
  sale_id       uuid NOT NULL UNIQUE,
  till_id       uuid NOT NULL REFERENCES tills(id),
  cancelled_at  timestamptz NOT NULL,
  reason        text NOT NULL,
  cancelled_by  text NOT NULL,
  approved_by   text,
  received_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_rows (
  id          uuid PRIMARY KEY,
  store_id    uuid NOT NULL REFERENCES stores(id),
  till_id     uuid NOT NULL REFERENCES tills(id),
  at          timestamptz NOT NULL,
  action      text NOT NULL,
  actor       text NOT NULL,
  approver    text,
  details     jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_rows_store_at ON audit_rows(store_id, at);
