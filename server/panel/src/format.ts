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

/** "12,34" / "1.234,56" / "12" → cents, or null. */
export function parseReais(text: string): number | null {
  const s = text.trim().replace(/^R\$\s*/i, '').replace(/\./g, '').replace(',', '.');
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}
