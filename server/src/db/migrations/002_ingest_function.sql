-- Ingest of a till's sales in ONE statement (one round trip, its plans cached by PL/pgSQL), called by
-- server/src/till/ingest.ts. The sales come as one jsonb array (the till's SaleRecord, plus `items` and
-- `mask` computed by the server). Alone it is its own transaction; inside a batch's transaction (a batch
-- that also carries cancellations, shifts or audit rows) it is part of it.
--   1. the till's row is updated first: its row lock orders the batches of one till (across server
--      processes) and the transaction takes its xid before any updated_at stamp (integration/scope.ts);
--   2. new sales by UUID (ON CONFLICT DO NOTHING: a batch sent again changes nothing; a concurrent insert
--      of the same key is waited for), then the lines and payments of the new ones only;
--   3. a cancellation that arrived before its sale applies now.
-- Returns the UUIDs inserted now (the others were already there: 'duplicado').
CREATE OR REPLACE FUNCTION ingest_sales(p_till uuid, p_store uuid, p_seq bigint, p_sales jsonb) RETURNS uuid[]
LANGUAGE plpgsql AS $fn$
DECLARE
  fresh uuid[];
BEGIN
  UPDATE tills SET last_seen_at = now(), last_record_seq = GREATEST(last_record_seq, p_seq) WHERE id = p_till;
  IF p_sales IS NULL OR jsonb_array_length(p_sales) = 0 THEN
    RETURN '{}'::uuid[];
  END IF;
  WITH ins AS (
    INSERT INTO sales (id, store_id, till_id, number, series, status, opened_at, finalized_at, operator_name, shift_id,
      customer_cpf, gross_cents, discount_cents, redemption_cents, surcharge_cents, total_cents, item_count, pay_mask, loyalty, updated_at)
    SELECT u.id, p_store, p_till, u.number, u.series, 'finalizada', u."openedAt", u."finalizedAt", u."operatorName", u."shiftId",
      u."customerCpf", (u.totals->>'grossCents')::bigint,
      (u.totals->>'itemDiscountCents')::bigint + (u.totals->>'saleDiscountCents')::bigint,
      (u.totals->>'redemptionCents')::bigint, (u.totals->>'surchargeCents')::bigint, (u.totals->>'netCents')::bigint,
      u.items, u.mask, NULLIF(u.loyalty, 'null'::jsonb), clock_timestamp()
    FROM jsonb_to_recordset(p_sales) AS u(id uuid, number integer, series text, "openedAt" timestamptz, "finalizedAt" timestamptz,
      "operatorName" text, "shiftId" uuid, "customerCpf" text, totals jsonb, items integer, mask integer, loyalty jsonb)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  )
  SELECT coalesce(array_agg(id), '{}'::uuid[]) INTO fresh FROM ins;
  IF cardinality(fresh) = 0 THEN
    RETURN fresh;
  END IF;

  INSERT INTO sale_lines (sale_id, line_no, product_code, ean, description, unit, quantity, unit_price_cents, gross_cents,
    discount_cents, surcharge_cents, total_cents)
  SELECT u.id, l.no, (l.j->>'productCode')::integer, l.j->>'ean', l.j->>'description', l.j->>'unit', (l.j->>'quantity')::integer,
    (l.j->>'unitPriceCents')::bigint, (l.j->>'grossCents')::bigint, (l.j->>'discountCents')::bigint,
    (l.j->>'surchargeCents')::bigint, (l.j->>'netCents')::bigint
  FROM jsonb_to_recordset(p_sales) AS u(id uuid, lines jsonb)
  CROSS JOIN LATERAL jsonb_array_elements(u.lines) WITH ORDINALITY AS l(j, no)
  WHERE u.id = ANY(fresh);

  INSERT INTO sale_payments (sale_id, payment_no, form_code, amount_cents, received_cents, change_cents, reference, pix_status, pix_end_to_end)
  SELECT u.id, p.no, (p.j->>'formCode')::integer, (p.j->>'amountCents')::bigint, (p.j->>'receivedCents')::bigint,
    (p.j->>'changeCents')::bigint, p.j->>'reference', p.j->>'pixStatus', p.j->>'pixEndToEnd'
  FROM jsonb_to_recordset(p_sales) AS u(id uuid, payments jsonb)
  CROSS JOIN LATERAL jsonb_array_elements(u.payments) WITH ORDINALITY AS p(j, no)
  WHERE u.id = ANY(fresh);

  UPDATE sales s SET status = 'cancelada', cancelled_at = c.cancelled_at, updated_at = clock_timestamp()
  FROM sale_cancellations c WHERE c.sale_id = s.id AND s.id = ANY(fresh);
  RETURN fresh;
END
$fn$;
