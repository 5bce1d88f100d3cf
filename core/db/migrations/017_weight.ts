import { FRACTIONAL_UNITS } from '../../../shared/quantity';
import type { Migration } from './types';

/**
 * Selling by weight (issue 22).
 * - products.fractional: whether the unit sells in fractions (KG, L, M… by default; the catalog CSV may say).
 * - sale_lines.quantity becomes integer thousandths (0,350 kg = 350; 3 units = 3000): every existing line ×1000.
 *   The CHECK (quantity > 0) still holds. Pre-sale snapshots (JSON) carry `v: 2` from now on; older ones are
 *   read as whole units (core/presales/service.ts).
 * - sale_lines.fractional: the product's flag when the line was made (receipts, exports, hub messages).
 * - sale_lines.fixed_gross_cents: a price scale label's printed total, when no whole gram gives it at the
 *   catalog's price per kg; NULL = quantity × unit price rounded half-up once.
 */
export const m017Weight: Migration = {
  version: 17,
  name: 'weight',
  up(db) {
    db.exec(`
      ALTER TABLE products ADD COLUMN fractional INTEGER NOT NULL DEFAULT 0 CHECK (fractional IN (0, 1));
      UPDATE products SET fractional = 1 WHERE upper(unit) IN (${FRACTIONAL_UNITS.map((u) => `'${u}'`).join(', ')});
      ALTER TABLE sale_lines ADD COLUMN fractional INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sale_lines ADD COLUMN fixed_gross_cents INTEGER;
      UPDATE sale_lines SET quantity = quantity * 1000;
    `);
  },
};
