import type { Statement } from 'better-sqlite3';
import { formatBRL } from '../../shared/money';
import { formatQuantity, lineTotalCents, THOUSANDTHS } from '../../shared/quantity';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';

/** Settings keys (table `settings`) for the "are you sure?" limits of a sale line; defaults below. */
export const CONFIRM_QUANTITY_ABOVE_KEY = 'sale.confirmQuantityAbove';
export const CONFIRM_LINE_ABOVE_CENTS_KEY = 'sale.confirmLineAboveCents';
export const DEFAULT_CONFIRM_QUANTITY_ABOVE = 100;
export const DEFAULT_CONFIRM_LINE_ABOVE_CENTS = 10_000_00;

export interface LineLimits {
  quantityAbove: number;
  lineAboveCents: number;
}

/** The limits as configured (a missing or unreadable setting falls back to its default). */
const settingStatements = new WeakMap<Db, Statement<[string], { value: string }>>();

export function readLineLimits(db: Db): LineLimits {
  // Read once per open sale (SalesService keeps them while nothing else writes): prepared once per connection.
  let get = settingStatements.get(db);
  if (!get) settingStatements.set(db, (get = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`)));
  const num = (key: string, fallback: number) => {
    const v = Number(get.get(key)?.value);
    return Number.isSafeInteger(v) && v > 0 ? v : fallback;
  };
  return {
    quantityAbove: num(CONFIRM_QUANTITY_ABOVE_KEY, DEFAULT_CONFIRM_QUANTITY_ABOVE),
    lineAboveCents: num(CONFIRM_LINE_ABOVE_CENTS_KEY, DEFAULT_CONFIRM_LINE_ABOVE_CENTS),
  };
}

/**
 * Quantities in thousandths (limits.quantityAbove is in units).
 * `99999*EAN` must not become a R$ 2 million line by accident: a quantity or a
 * line total above the limits is refused with 'line.needsConfirmation' until
 * the cashier confirms it (Enter again on the same entry → `confirmed`).
 */
export function checkLargeLine(limits: LineLimits, quantity: number, unitPriceCents: number, confirmed: boolean, fractional = false): void {
  if (confirmed) return;
  const total = lineTotalCents(quantity, unitPriceCents);
  if (quantity <= limits.quantityAbove * THOUSANDTHS && total <= limits.lineAboveCents) return;
  throw new AppError(
    'line.needsConfirmation',
    `Confira: ${formatQuantity(quantity, fractional)} × ${formatBRL(unitPriceCents)} = ${formatBRL(total)}. Se estiver certo, tecle Enter de novo.`,
  );
}
