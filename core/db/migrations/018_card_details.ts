import type { Migration } from './types';

/**
 * Card details a store reconciles with its acquirer (issue 22): "Bandeira", "Parcelas" (crédito only),
 * "NSU" and "Autorização" as typed from the card machine's slip, on the card tenders (forms 3 and 4).
 * Which of them are required is a setting ('payments.cardRequired', "Pagamentos"). payments_card_brand
 * serves "Relatório do dia" by bandeira (only tenders that have one).
 */
export const m018CardDetails: Migration = {
  version: 18,
  name: 'card_details',
  up(db) {
    db.exec(`
      ALTER TABLE payments ADD COLUMN card_brand TEXT;
      ALTER TABLE payments ADD COLUMN installments INTEGER CHECK (installments IS NULL OR installments BETWEEN 1 AND 12);
      ALTER TABLE payments ADD COLUMN nsu TEXT;
      ALTER TABLE payments ADD COLUMN authorization_code TEXT;
      CREATE INDEX payments_card_brand ON payments(card_brand, sale_id) WHERE card_brand IS NOT NULL;
    `);
  },
};
