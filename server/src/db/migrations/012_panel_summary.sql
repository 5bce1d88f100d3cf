-- Summary tables of the Painel (issue 24, the 10M-sales target): per store, UTC hour and sale status
-- (sales_hourly), and per store, São Paulo day, sale status, payment form and PIX status (payments_daily). Kept exact at ingest
-- by statement-level triggers with transition tables: one grouped upsert per INSERT/UPDATE statement (a batch
-- of 200 sales costs one aggregate, not 200 row triggers); a cancellation or a later loyalty record (UPDATE
-- of sales) moves the sale's figures between buckets. A month of a 20-store chain is ≤ 29k rows of sales_hourly
-- and a few thousand of payments_daily instead of ~830k sales. Used by the dashboard and the list's count/total when the filters are
-- only period (whole São Paulo days, as the panel sends), store and status; a caixa is a narrow slice: raw.

CREATE FUNCTION panel_hour(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('hour', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;
CREATE FUNCTION panel_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (t AT TIME ZONE 'America/Sao_Paulo')::date $$;
CREATE FUNCTION panel_bonus(l jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN jsonb_typeof(l->'bonusCents') = 'number' THEN (l->>'bonusCents')::bigint ELSE 0 END $$;

CREATE TABLE sales_hourly (
  store_id          uuid NOT NULL,
  hour              timestamptz NOT NULL,
  status            text NOT NULL,
  sales             bigint NOT NULL,
  total_cents       bigint NOT NULL,
  discount_cents    bigint NOT NULL,
  redemption_cents  bigint NOT NULL,
  bonus_cents       bigint NOT NULL,
  PRIMARY KEY (store_id, hour, status)
);
-- All stores for a period (the Administrador's default view).
CREATE INDEX sales_hourly_hour ON sales_hourly(hour);

CREATE TABLE payments_daily (
  store_id      uuid NOT NULL,
  day           date NOT NULL,
  status        text NOT NULL,
  form_code     integer NOT NULL,
  pix_status    text NOT NULL,  -- '' when none
  payments      bigint NOT NULL,
  amount_cents  bigint NOT NULL,
  PRIMARY KEY (store_id, day, status, form_code, pix_status)
);
CREATE INDEX payments_daily_day ON payments_daily(day);

-- sign = 1 adds the rows of `src` (a transition table name), -1 takes them away.
CREATE FUNCTION panel_sales_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO sales_hourly AS h (store_id, hour, status, sales, total_cents, discount_cents, redemption_cents, bonus_cents)
      SELECT store_id, panel_hour(finalized_at), status, -count(*), -sum(total_cents), -sum(discount_cents), -sum(redemption_cents), -sum(panel_bonus(loyalty))
        FROM old_rows GROUP BY 1, 2, 3
      ON CONFLICT (store_id, hour, status) DO UPDATE SET sales = h.sales + excluded.sales, total_cents = h.total_cents + excluded.total_cents,
        discount_cents = h.discount_cents + excluded.discount_cents, redemption_cents = h.redemption_cents + excluded.redemption_cents, bonus_cents = h.bonus_cents + excluded.bonus_cents;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- The payments of sales whose status changed move to the new status.
    INSERT INTO payments_daily AS h (store_id, day, status, form_code, pix_status, payments, amount_cents)
      SELECT x.store_id, panel_day(x.finalized_at), x.status, p.form_code, coalesce(p.pix_status, ''), sum(x.sign), sum(x.sign * p.amount_cents)
        FROM (SELECT o.id, o.store_id, o.finalized_at, o.status, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.status <> o.status
              UNION ALL
              SELECT n.id, n.store_id, n.finalized_at, n.status, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id AND n.status <> o.status) x
        JOIN sale_payments p ON p.sale_id = x.id
       GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (store_id, day, status, form_code, pix_status) DO UPDATE SET payments = h.payments + excluded.payments, amount_cents = h.amount_cents + excluded.amount_cents;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO sales_hourly AS h (store_id, hour, status, sales, total_cents, discount_cents, redemption_cents, bonus_cents)
      SELECT store_id, panel_hour(finalized_at), status, count(*), sum(total_cents), sum(discount_cents), sum(redemption_cents), sum(panel_bonus(loyalty))
        FROM new_rows GROUP BY 1, 2, 3
      ON CONFLICT (store_id, hour, status) DO UPDATE SET sales = h.sales + excluded.sales, total_cents = h.total_cents + excluded.total_cents,
        discount_cents = h.discount_cents + excluded.discount_cents, redemption_cents = h.redemption_cents + excluded.redemption_cents, bonus_cents = h.bonus_cents + excluded.bonus_cents;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION panel_payments_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO payments_daily AS h (store_id, day, status, form_code, pix_status, payments, amount_cents)
      SELECT s.store_id, panel_day(s.finalized_at), s.status, p.form_code, coalesce(p.pix_status, ''), -count(*), -sum(p.amount_cents)
        FROM old_rows p JOIN sales s ON s.id = p.sale_id GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (store_id, day, status, form_code, pix_status) DO UPDATE SET payments = h.payments + excluded.payments, amount_cents = h.amount_cents + excluded.amount_cents;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO payments_daily AS h (store_id, day, status, form_code, pix_status, payments, amount_cents)
      SELECT s.store_id, panel_day(s.finalized_at), s.status, p.form_code, coalesce(p.pix_status, ''), count(*), sum(p.amount_cents)
        FROM new_rows p JOIN sales s ON s.id = p.sale_id GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (store_id, day, status, form_code, pix_status) DO UPDATE SET payments = h.payments + excluded.payments, amount_cents = h.amount_cents + excluded.amount_cents;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sales_summary_ins AFTER INSERT ON sales REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_sales_summary();
CREATE TRIGGER sales_summary_upd AFTER UPDATE ON sales REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_sales_summary();
CREATE TRIGGER sales_summary_del AFTER DELETE ON sales REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_sales_summary();
CREATE TRIGGER payments_summary_ins AFTER INSERT ON sale_payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_payments_summary();
CREATE TRIGGER payments_summary_upd AFTER UPDATE ON sale_payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_payments_summary();
CREATE TRIGGER payments_summary_del AFTER DELETE ON sale_payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION panel_payments_summary();

-- What is already there.
INSERT INTO sales_hourly (store_id, hour, status, sales, total_cents, discount_cents, redemption_cents, bonus_cents)
  SELECT store_id, panel_hour(finalized_at), status, count(*), sum(total_cents), sum(discount_cents), sum(redemption_cents), sum(panel_bonus(loyalty))
    FROM sales GROUP BY 1, 2, 3;
INSERT INTO payments_daily (store_id, day, status, form_code, pix_status, payments, amount_cents)
  SELECT s.store_id, panel_day(s.finalized_at), s.status, p.form_code, coalesce(p.pix_status, ''), count(*), sum(p.amount_cents)
    FROM sale_payments p JOIN sales s ON s.id = p.sale_id GROUP BY 1, 2, 3, 4, 5;

-- Transações for all stores (the Administrador's default): newest first by keyset without a sort of the
-- period (the per-store index serves a store or a Gerente's few stores).
CREATE INDEX sales_panel_keyset ON sales(finalized_at DESC, id DESC);
