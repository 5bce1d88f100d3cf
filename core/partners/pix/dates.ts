/**
 * Dates from the payment API come in several formats: RFC 1123
 * ("Tue, 03 Jun 2025 14:05:00 GMT"), ISO 8601 with a zone, ISO without a zone
 * (taken as UTC), with a space instead of "T", with microseconds. Returns null
 * for anything unreadable (never throws, never "Invalid Date").
 */
export function parseApiDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? plausible(new Date(value < 1e11 ? value * 1000 : value)) : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s || s.length > 64) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, se = '0', frac = '0', zone] = iso;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se), ms);
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return plausible(new Date(t));
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return plausible(new Date(`${s}T00:00:00Z`));
  // RFC 1123 / RFC 2822 and other forms Date understands with an explicit zone.
  if (/^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(:\d{2})?\s*(GMT|UTC|[+-]\d{4})$/.test(s)) return plausible(new Date(s));
  return null;
}

function plausible(d: Date): Date | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const year = d.getUTCFullYear();
  return year >= 2000 && year <= 2100 ? d : null;
}
