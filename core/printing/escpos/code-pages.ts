import iconv from 'iconv-lite';
import type { Dialect } from './types';

/** ESC t n → iconv code page (Epson numbering). */
export const EPSON_CODE_PAGES: Record<number, string> = {
  0: 'CP437',
  2: 'CP850',
  3: 'CP860',
  4: 'CP863',
  5: 'CP865',
  16: 'CP1252',
  17: 'CP866',
  18: 'CP852',
  19: 'CP858',
};

/** ESC GS t n → iconv code page (Star Line Mode numbering). */
export const STAR_CODE_PAGES: Record<number, string> = {
  0: 'CP437',
  1: 'CP437',
  3: 'CP437',
  4: 'CP858',
  5: 'CP852',
  6: 'CP860',
  7: 'CP861',
  8: 'CP863',
  9: 'CP865',
  10: 'CP866',
  32: 'CP1252',
};

const tableCache = new Map<string, string[]>();
/** The 256 characters of a code page, built once per page. */
export function codePageTable(cp: string): string[] {
  let t = tableCache.get(cp);
  if (!t) {
    t = [];
    for (let b = 0; b < 256; b++) t.push(iconv.decode(Buffer.from([b]), cp));
    tableCache.set(cp, t);
  }
  return t;
}

/** Star Line Mode jobs select their code page with ESC GS t right after ESC @; ESC/POS jobs with ESC t. */
export function detectDialect(buf: Uint8Array): Dialect {
  const head = Math.min(buf.length - 2, 32);
  for (let i = 0; i < head; i++) {
    if (buf[i] === 0x1b && buf[i + 1] === 0x1d && (buf[i + 2] === 0x74 || buf[i + 2] === 0x61)) return 'star';
  }
  return 'escpos';
}
