import { readMoney, readPercent } from '../../../shared/money-input';

export type DiscountInput = { cents: number } | { basisPoints: number };

/**
 * What the cashier types in "Desconto": "5,00" (or "5", "1.000") is reais, read
 * by the one money reader; "10%" or "2,5%" is a percentage. "0" removes the
 * discount. Anything else is refused with the reason.
 */
export function parseDiscount(text: string): { ok: true; value: DiscountInput } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Desconto em branco. Digite um valor (ex.: 5,00) ou um percentual (ex.: 10%); 0 remove o desconto.' };
  if (t.endsWith('%')) {
    const p = readPercent(t);
    if (!p.ok) {
      return { ok: false, message: p.message.startsWith('Percentual acima') ? `Desconto de ${t.replace(/\s/g, '')} não é possível: o máximo é 100%.` : `Desconto inválido. ${p.message}` };
    }
    return { ok: true, value: { basisPoints: p.basisPoints } };
  }
  const r = readMoney(t);
  if (!r.ok && !/^[\d.,\sR$-]+$/i.test(t)) return { ok: false, message: 'Desconto inválido. Digite um valor (ex.: 5,00) ou um percentual (ex.: 10%).' };
  if (!r.ok) return { ok: false, message: `Desconto inválido. ${r.message}` };
  return { ok: true, value: { cents: r.cents } };
}

/** Whole positive quantity ("3"), or null. */
export function parseQuantity(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 99_999 ? n : null;
}
