import { readMoney } from '../../../shared/money-input';

export { formatBRL } from '../../../shared/money';

const dt = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
export const formatDateTime = (iso: string | null) => (iso ? dt.format(new Date(iso)) : '—');

/** yyyy-mm-dd of today (local). */
export function today(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight of a yyyy-mm-dd → ISO instant; `end` = the next day's midnight (exclusive). */
export function dayStart(date: string, end = false): string | null {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + (end ? 1 : 0)).toISOString();
}

/**
 * Money typed the Brazilian way → cents, or null when it is not an amount: the till's one reader
 * (shared/money-input.ts: "1.000" is a thousand reais, "1.25" or three decimals are refused, never guessed).
 */
export function parseReais(text: string): number | null {
  const r = readMoney(text);
  return r.ok ? r.cents : null;
}
