-- The receipt as the till printed it (issue 24, Transações detail): the ESC/POS bytes of the sale's first
-- receipt, decoded on demand by the till's own decoder. Apart from `sales` so the rows the panel's lists
-- and summaries read stay narrow (a receipt is ~1-3 kB; PostgreSQL compresses and TOASTs it).
CREATE TABLE sale_receipts (
  sale_id   uuid PRIMARY KEY REFERENCES sales(id) ON DELETE CASCADE,
  escpos    bytea NOT NULL,
  columns   int NOT NULL,
  printed   boolean NOT NULL
);

-- Produtos, "which tills have received the current catalog": the change cursor each till last asked from
-- (GET /v1/till/changes?after=: the till asks from a cursor only once it applied everything up to it).
ALTER TABLE tills ADD COLUMN catalog_cursor bigint NOT NULL DEFAULT 0;
