-- Transações, first page, with any filter combination (issue 24: p95 ≤ 100 ms at 10M sales).
-- The planner could not use an index for three filters and walked a whole month instead:
--   * "Forma de pagamento" is a bit of sales.pay_mask: no index leads by it, so a rare form (or one with no
--     sales, like Cheque) walked every sale of the period. One partial index per form's bit, newest first,
--     for all stores and per store: each holds only the sales paid with that form (about one entry per
--     payment overall), and a new sale enters only the indexes of its own forms.
--   * "Operador" is compared in lower case: the old (store_id, operator_name, …) index never matched it.
--   * "Valor" mínimo/máximo: a narrow range (one exact amount) walked the period; an index on the amount
--     lets the planner fetch the few matching sales and sort them (its statistics tell narrow from wide).
-- The bits are the panel's payment forms (server/src/panel/filters.ts, PAYMENT_FORMS; bit = code % 31).

-- 1
CREATE INDEX sales_panel_form1 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 2) <> 0;
CREATE INDEX sales_panel_form1_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 2) <> 0;
-- 2
CREATE INDEX sales_panel_form2 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 4) <> 0;
CREATE INDEX sales_panel_form2_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 4) <> 0;
-- 3
CREATE INDEX sales_panel_form3 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 8) <> 0;
CREATE INDEX sales_panel_form3_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 8) <> 0;
-- 4
CREATE INDEX sales_panel_form4 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 16) <> 0;
CREATE INDEX sales_panel_form4_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 16) <> 0;
-- 5
CREATE INDEX sales_panel_form5 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 32) <> 0;
CREATE INDEX sales_panel_form5_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 32) <> 0;
-- 99
CREATE INDEX sales_panel_form6 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 64) <> 0;
CREATE INDEX sales_panel_form6_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 64) <> 0;
-- 10
CREATE INDEX sales_panel_form10 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 1024) <> 0;
CREATE INDEX sales_panel_form10_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 1024) <> 0;
-- 11
CREATE INDEX sales_panel_form11 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 2048) <> 0;
CREATE INDEX sales_panel_form11_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 2048) <> 0;
-- 12
CREATE INDEX sales_panel_form12 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 4096) <> 0;
CREATE INDEX sales_panel_form12_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 4096) <> 0;
-- 17
CREATE INDEX sales_panel_form17 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 131072) <> 0;
CREATE INDEX sales_panel_form17_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 131072) <> 0;
-- 18
CREATE INDEX sales_panel_form18 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 262144) <> 0;
CREATE INDEX sales_panel_form18_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 262144) <> 0;
-- 20
CREATE INDEX sales_panel_form20 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 1048576) <> 0;
CREATE INDEX sales_panel_form20_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 1048576) <> 0;
-- 21
CREATE INDEX sales_panel_form21 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 2097152) <> 0;
CREATE INDEX sales_panel_form21_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 2097152) <> 0;
-- 90
CREATE INDEX sales_panel_form28 ON sales(finalized_at DESC, id DESC) WHERE (pay_mask & 268435456) <> 0;
CREATE INDEX sales_panel_form28_store ON sales(store_id, finalized_at DESC, id DESC) WHERE (pay_mask & 268435456) <> 0;

DROP INDEX sales_panel_operator;
CREATE INDEX sales_panel_operator ON sales(lower(operator_name), finalized_at DESC, id DESC);
CREATE INDEX sales_panel_operator_store ON sales(store_id, lower(operator_name), finalized_at DESC, id DESC);
CREATE INDEX sales_panel_total ON sales(total_cents);
-- Served as well by sales_panel_store_keyset (store_id, finalized_at DESC, id DESC): one index less to keep at ingest.
DROP INDEX sales_store_period;
-- No ANALYZE here: on a new database it would record an empty table, and the planner then chose sequential
-- scans of `sales` inside ingest (measured: PostgreSQL's CPU per 1,000 sales 137 → 835 ms). Autovacuum
-- gathers the expression indexes' statistics as sales arrive.
