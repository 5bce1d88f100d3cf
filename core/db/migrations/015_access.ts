import type { Migration } from './types';

/**
 * Access rules that follow the money (issue 19): the discount percent a Gerente approved for a line and
 * for the sale, so a later change of quantity, price or lines that pushes the discount past BOTH the limit
 * and what was approved asks for the Gerente again. `operators.pin_short` (1 = fewer than 6 digits, learnt when
 * the PIN is set or typed right): a Gerente with a short PIN changes it at the next login (6 to 8 digits).
 */
export const m015Access: Migration = {
  version: 15,
  name: 'access',
  up(db) {
    db.exec(`
      ALTER TABLE sale_lines ADD COLUMN discount_approved_bp INTEGER;
      ALTER TABLE sales ADD COLUMN sale_discount_approved_bp INTEGER;
      ALTER TABLE operators ADD COLUMN pin_short INTEGER;
    `);
  },
};
