import { parseMoney } from '../../../shared/money';

export type DiscountInput = { cents: number } | { basisPoints: number };

/**
 * What the cashier types in "Desconto": "5,00" (or "5") is R$ 5,00; "10%" or
 * "2,5%" is a percentage. "0" removes the discount. Null when not understood.
 */
export function parseDiscount(text: string): DiscountInput | null {
  const t = text.trim();
  if (t.endsWith('%')) {
    const bp = parseMoney(t.slice(0, -1)); // "2,5" → 250 = 2,5% in basis points
    if (bp === null || bp < 0 || bp > 10000) return null;
    return { basisPoints: bp };
  }
  const cents = parseMoney(t);
  if (cents === null || cents < 0) return null;
  return { cents };
}
