/**
 * The ONE reader of dates typed by people (every date field of the renderer): dd/mm/aaaa, whatever
 * the browser's language. "5/3/2026", "05/03/2026", "05-03-2026", "05.03.2026" and "05032026" are
 * 5 March 2026; what does not exist ("31/02/2026", "13/13/2026") or does not read as a date is
 * refused with a pt-BR message, never guessed. Inside, dates are ISO calendar dates ("2026-03-05").
 */

export type DateRead = { ok: true; iso: string } | { ok: false; message: string };

const EXAMPLE = 'Use dd/mm/aaaa (ex.: 05/03/2026).';
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "05/03/2026" → "2026-03-05"; blank and impossible dates are refused with a message. */
export function readDate(text: string): DateRead {
  const s = text.trim();
  if (s === '') return { ok: false, message: `Informe a data. ${EXAMPLE}` };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (!m) return { ok: false, message: `Data inválida: "${s}". ${EXAMPLE}` };
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2199) return { ok: false, message: `Ano fora do intervalo: "${s}". ${EXAMPLE}` };
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return { ok: false, message: `Data inexistente: "${s}". ${EXAMPLE}` };
  }
  return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** Like readDate, but a blank field is "no date" (iso ''): the optional limits of a filter. */
export function readOptionalDate(text: string): DateRead {
  return text.trim() === '' ? { ok: true, iso: '' } : readDate(text);
}

/** "2026-03-05" → "05/03/2026" ('' stays ''). */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** The calendar date `days` after `iso` ("2026-02-28", 1 → "2026-03-01"). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * What a date field shows while it is typed: digits get their slashes ("05032026" → "05/03/2026"),
 * a typed "/", "-" or "." closes the day or the month ("5/3/2026" stays), anything else is dropped.
 */
export function maskDate(typed: string): string {
  let out = '';
  let part = 0;
  let len = 0;
  for (const c of typed.replace(/[-.]/g, '/')) {
    if (c === '/') {
      if (part < 2 && len > 0) {
        out += '/';
        part++;
        len = 0;
      }
      continue;
    }
    if (!/\d/.test(c)) continue;
    if (part < 2 && len === 2) {
      out += '/';
      part++;
      len = 0;
    }
    if (part === 2 && len === 4) break;
    out += c;
    len++;
  }
  return out;
}
