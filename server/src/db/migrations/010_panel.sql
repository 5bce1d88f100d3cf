-- Painel da retaguarda (issue 24): panel users with e-mail/password and roles, sessions, login
-- throttling, panel settings and the panel's own append-only audit. Numbered 010+ so the server's own
-- migrations (002…) never collide.

CREATE TABLE panel_users (
  id             uuid PRIMARY KEY,
  email          text NOT NULL,
  name           text NOT NULL,
  role           text NOT NULL CHECK (role IN ('administrador', 'gerente', 'operador', 'visualizador')),
  -- scrypt: "scrypt$N$r$p$salt$hash" (base64url), see server/src/panel/auth-password.ts
  password_hash  text NOT NULL,
  -- Gerente de loja: the stores they may see and act on; NULL = every store (other roles).
  store_ids      uuid[],
  totp_secret    text,
  totp_enabled   boolean NOT NULL DEFAULT false,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX panel_users_email ON panel_users(lower(email));

-- Only sha256(token) is stored; the cookie holds the token. csrf is sent back in x-csrf-token.
CREATE TABLE panel_sessions (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES panel_users(id),
  csrf          text NOT NULL,
  -- false while the second factor (TOTP) is still owed: such a session reaches only the TOTP step.
  verified      boolean NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX panel_sessions_user ON panel_sessions(user_id);

-- Failed logins per e-mail (known or not: no account enumeration through the lock).
CREATE TABLE panel_login_failures (
  email         text PRIMARY KEY,
  failures      integer NOT NULL,
  locked_until  timestamptz
);

CREATE TABLE panel_settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);

-- What people did in the panel. Append-only: UPDATE/DELETE refused by a trigger.
CREATE TABLE panel_audit (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  user_id   uuid,
  email     text NOT NULL,
  action    text NOT NULL,
  store_id  uuid,
  details   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX panel_audit_at ON panel_audit(at);

CREATE FUNCTION panel_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'panel_audit é somente inclusão';
END $$;
CREATE TRIGGER panel_audit_no_change BEFORE UPDATE OR DELETE ON panel_audit
  FOR EACH ROW EXECUTE FUNCTION panel_audit_append_only();

-- Transações: newest first per store (keyset on finalized_at DESC, id DESC) with the columns the list
-- shows, so a first page with a store + period filter is an index range scan.
CREATE INDEX sales_panel_store_keyset ON sales(store_id, finalized_at DESC, id DESC);
-- CPF and operator filters are selective: their own indexes.
CREATE INDEX sales_panel_cpf ON sales(customer_cpf, finalized_at DESC) WHERE customer_cpf IS NOT NULL;
CREATE INDEX sales_panel_operator ON sales(store_id, operator_name, finalized_at DESC);
-- Pagamentos PIX: PIX/wallet payments by status.
CREATE INDEX sale_payments_pix ON sale_payments(pix_status, sale_id) WHERE form_code IN (17, 18, 20);

-- "Nova loja" asks for a phone too.
ALTER TABLE stores ADD COLUMN phone text NOT NULL DEFAULT '';
