-- Transações > detail: a card tender's Bandeira, Parcelas, NSU and Autorização as the cashier typed them from the
-- card machine's slip (the till's record carries them since this migration; older records have none). A table of
-- its own, written after ingest_sales for the sales it inserted: no change to that function, and no UPDATE of
-- sale_payments (whose summary triggers would move every amount out and back in).
CREATE TABLE sale_payment_cards (
  sale_id            uuid NOT NULL,
  payment_no         integer NOT NULL,
  brand              text,
  installments       integer,
  nsu                text,
  authorization_code text,
  PRIMARY KEY (sale_id, payment_no),
  FOREIGN KEY (sale_id, payment_no) REFERENCES sale_payments(sale_id, payment_no)
);
