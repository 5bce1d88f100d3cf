import iconv from 'iconv-lite';

/** The catalog CSV's bytes and cells: text decoding, and each field read without regexes (a million-row file). */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise
 * Windows-1252, the "Latin-1" that Excel in pt-BR saves. (iconv-lite: Node's
 * TextDecoder('windows-1252') decodes 0x80–0x9F as ISO-8859-1 controls,
 * losing “ ” – € and friends.)
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = utf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1252'), encoding: 'windows-1252' };
  }
}

export function isDigits(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export const MAX_DESCRIPTION = 200;

/** "12,90" / "12.90" / "7" in cents without regexes (the common case of big files); null = use parseMoney. */
export function quickPrice(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 12) return null;
  let cents = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) cents = cents * 10 + (c - 48);
    else break;
  }
  if (i === 0) return null;
  if (i === n) return cents * 100;
  const sep = s.charCodeAt(i);
  if ((sep !== 44 && sep !== 46) || n - i - 1 !== 2) return null;
  const d1 = s.charCodeAt(i + 1) - 48;
  const d2 = s.charCodeAt(i + 2) - 48;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  if (sep === 46 && i > 3) return null; // "1234.56" is fine, but leave odd dot forms to parseMoney
  return cents * 100 + d1 * 10 + d2;
}

/**
 * An EAN-8/EAN-13 with a right GTIN check digit → its dedupe key, a number that keeps EAN-8 and EAN-13 apart
 * ("00000001" ≠ "0000000000001"): its digits + 1, + 1e14 for an EAN-8. 0 when it is not a valid EAN. One loop
 * checks and converts (a million-row file: not a check, then a Number() per lookup).
 */
export function validEanKey(code: string): number {
  const n = code.length;
  if (n !== 8 && n !== 13) return 0;
  let sum = 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    value = value * 10 + d;
    if (i < n - 1) sum += (n - 1 - i) % 2 === 1 ? d * 3 : d;
  }
  const check = value % 10;
  if ((10 - (sum % 10)) % 10 !== check) return 0;
  return value + 1 + (n === 8 ? 1e14 : 0);
}

/** "123" → 123 for 1–9 digits (not all zeros); 0 otherwise. */
export function codeValue(s: string): number {
  const n = s.length;
  if (n < 1 || n > 9) return 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A character at U+0300 or above: only then can NFC change the text (below it everything is NFC already;
 * String#normalize on every row cost ~0.3 s a million rows).
 */
export const MAY_NEED_NFC = /[^\u0000-\u02ff]/;

/** "S", "Sim", "1", "true", "x" → true; "N", "Não", "0", "false" → false; anything else → null. */
export function parseYesNo(text: string): boolean | null {
  const t = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (['s', 'sim', '1', 'true', 'x', 'y', 'yes'].includes(t)) return true;
  if (['n', 'nao', '0', 'false', 'no'].includes(t)) return false;
  return null;
}

export function countLineBreaks(cells: string[]): number {
  let n = 0;
  for (const c of cells) for (let k = c.indexOf('\n'); k >= 0; k = c.indexOf('\n', k + 1)) n++;
  return n;
}
