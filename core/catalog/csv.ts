import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { parseMoney } from '../../shared/money';
import { isFractionalUnit } from '../../shared/quantity';

export interface CatalogRow {
  /** Line of the file the row came from (1 = header). */
  line: number;
  code: number;
  description: string;
  priceCents: number;
  unit: string;
  /** Sold in fractions (column "fracionado": S/N; default: the unit is KG, L, M…). */
  fractional: boolean;
  eans: string[];
}

export interface RowError {
  line: number;
  message: string;
}

export interface ParsedCatalog {
  rows: CatalogRow[];
  errors: RowError[];
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
}

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

type Column = 'code' | 'description' | 'priceCents' | 'unit' | 'eans' | 'fractional';

/** Header names people actually use, compared without accents, case or spaces. */
export const HEADER_ALIASES: Record<Column, string[]> = {
  code: ['codigo', 'cod', 'code', 'codigo_interno', 'codigointerno', 'cod_interno', 'id', 'sku', 'plu', 'referencia', 'ref'],
  description: ['descricao', 'description', 'produto', 'nome', 'name', 'descricao_produto', 'nome_produto', 'desc'],
  priceCents: ['preco', 'price', 'valor', 'preco_venda', 'precovenda', 'valor_unitario', 'preco_unitario', 'valor_venda', 'pv'],
  unit: ['unidade', 'unit', 'un', 'und', 'unid', 'embalagem'],
  fractional: ['fracionado', 'fracionada', 'fracionavel', 'fracionario', 'fractional', 'fracao', 'pesavel', 'pesado', 'balanca'],
  eans: ['ean', 'eans', 'gtin', 'ean13', 'ean_13', 'codigo_barras', 'codigodebarras', 'codigo_de_barras', 'cod_barras', 'barcode', 'barras'],
};

/** The column order of our own export and of a file without a header. */
const DEFAULT_ORDER: Record<Column, number> = { code: 0, eans: 1, description: 2, priceCents: 3, unit: 4, fractional: 5 };

function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `;` unless the first line has more `,` than `;` (tabs when it has only tabs). */
function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  const semi = count(';');
  const comma = count(',');
  const tab = count('\t');
  if (tab > semi && tab > comma) return '\t';
  return comma > semi ? ',' : ';';
}

function isDigits(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const MAX_DESCRIPTION = 200;

/** "12,90" / "12.90" / "7" in cents without regexes (the common case of big files); null = use parseMoney. */
function quickPrice(s: string): number | null {
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
function validEanKey(code: string): number {
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
function codeValue(s: string): number {
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
const MAY_NEED_NFC = /[^\u0000-\u02ff]/;

/**
 * Parses a catalog CSV: header `codigo;ean;descricao;preco;unidade[;fracionado]` (any
 * order, common aliases; no header = that order), `;` or `,` separators,
 * quoted fields, decimal comma, UTF-8 or Latin-1. A product may carry several
 * EANs separated by `|`, `/` or spaces. Bad rows are reported by their line
 * number (1 = header) and skipped; a code or EAN repeated in the file keeps
 * its first row and reports the others. (The whole file at once: for big
 * files use CatalogCsvStream, which gives the same rows and errors in batches.)
 */
export function parseCatalogCsv(bytes: Uint8Array): ParsedCatalog {
  const { text, encoding } = decodeText(bytes);
  const stream = new CatalogCsvStream(encoding);
  const rows: CatalogRow[] = [];
  const errors: RowError[] = [];
  stream.push(text, true, rows, errors);
  return { rows, errors: errors.sort((a, b) => a.line - b.line), encoding, delimiter: stream.delimiter };
}

/**
 * The catalog CSV parser fed text chunk by chunk (papaparse's Parser with the
 * last partial row carried over, as its own streamers do): valid rows and
 * errors by line come out per chunk, so a million-row file never sits in memory
 * whole. A code or EAN repeated in the file keeps its first row (compact
 * number→line tables, not per-row objects).
 */
export class CatalogCsvStream {
  delimiter = ';';
  /** Set when the header lacks a required column (nothing is read after it). */
  fatal: RowError | null = null;
  private parser: InstanceType<typeof Papa.Parser> | null = null;
  private newline = '\n';
  private partial = '';
  private base = 0;
  private rowIndex = 0;
  private extraLines = 0;
  private firstDataRow = 1;
  private sawText = false;
  private readonly col = {} as Record<Column, number>;
  private readonly codes = new NumberLineMap();
  private readonly eans = new NumberLineMap();
  private readonly units = new Map<string, string>();

  constructor(readonly encoding: 'utf-8' | 'windows-1252') {}

  /** Feeds the next piece of decoded text (`last` = end of file); appends to rows/errors. */
  push(text: string, last: boolean, rows: CatalogRow[], errors: RowError[]): void {
    if (this.fatal) return;
    if (!this.parser) {
      if (!this.sawText && text.trim() === '' && !last) return;
      this.delimiter = detectDelimiter(text);
      const nl = text.indexOf('\n');
      const newline = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : nl < 0 && text.includes('\r') ? '\r' : '\n';
      this.newline = newline;
      this.parser = new Papa.Parser({ delimiter: this.delimiter, newline });
    }
    if (text.trim() !== '') this.sawText = true;
    if (last && !this.sawText) {
      this.fatal = { line: 1, message: 'Arquivo vazio.' };
      errors.push(this.fatal);
      return;
    }
    const aggregate = this.partial + text;
    this.partial = '';
    if (!aggregate.includes('"')) {
      this.pushUnquoted(aggregate, last, rows, errors);
      return;
    }
    const res = this.parser.parse(aggregate, this.base, !last) as Papa.ParseResult<string[]>;
    if (!last) {
      this.partial = aggregate.substring(res.meta.cursor - this.base);
      this.base = res.meta.cursor;
    }
    for (const cells of res.data) {
      // Quoted fields may hold line breaks; count them so line numbers stay those of the file.
      const extra = countLineBreaks(cells);
      if (!this.take(cells, rows, errors)) return;
      this.extraLines += extra;
    }
  }

  /**
   * Text without a quote: what papaparse does then (split by line, each line by the delimiter, the last
   * partial line carried over), by indexOf over the text without its array of line strings (~0.2 s less
   * a million rows than papaparse's own fast path).
   */
  private pushUnquoted(text: string, last: boolean, rows: CatalogRow[], errors: RowError[]): void {
    const nl = this.newline;
    const delimiter = this.delimiter;
    const end = last ? text.length : text.lastIndexOf(nl);
    if (end < 0) {
      this.partial = text;
      return;
    }
    for (let start = 0; ; ) {
      let stop = text.indexOf(nl, start);
      if (stop < 0 || stop > end) stop = end;
      const cells: string[] = [];
      for (let f = start; ; ) {
        const d = text.indexOf(delimiter, f);
        if (d < 0 || d >= stop) {
          cells.push(text.substring(f, stop));
          break;
        }
        cells.push(text.substring(f, d));
        f = d + delimiter.length;
      }
      if (!this.take(cells, rows, errors)) return;
      if (stop >= end) break;
      start = stop + nl.length;
    }
    if (!last) {
      this.partial = text.substring(end + nl.length);
      this.base += end + nl.length;
    }
  }

  /** One parsed row (the header first); false once the header is found unusable. */
  private take(cells: string[], rows: CatalogRow[], errors: RowError[]): boolean {
    const i = this.rowIndex++;
    const line = i + 1 + this.extraLines;
    if (i === 0 && !this.header(cells, errors)) return false;
    if (i >= this.firstDataRow) this.row(cells, line, rows, errors);
    return true;
  }

  private header(first: string[], errors: RowError[]): boolean {
    const header = first.map(normalizeHeader);
    const col = this.col;
    for (const key of Object.keys(HEADER_ALIASES) as Column[]) {
      col[key] = header.findIndex((h) => HEADER_ALIASES[key].includes(h));
    }
    const noRequired = col.code < 0 && col.description < 0 && col.priceCents < 0;
    if (noRequired && isDigits((first[0] ?? '').trim(), 1, 9) && first.length >= 4) {
      // No header: our own column order.
      Object.assign(col, DEFAULT_ORDER);
      this.firstDataRow = 0;
    }
    const missing = (['code', 'description', 'priceCents'] as const).filter((k) => col[k] < 0);
    if (!missing.length) return true;
    const names = { code: 'codigo', description: 'descricao', priceCents: 'preco' };
    this.fatal = {
      line: 1,
      message: `Cabeçalho sem a(s) coluna(s): ${missing.map((m) => names[m]).join(', ')}. Esperado: codigo;ean;descricao;preco;unidade.`,
    };
    errors.push(this.fatal);
    return false;
  }

  /** A file has a handful of units: each spelling is normalized once and its string shared by the rows. */
  private unitOf(text: string): string {
    let unit = this.units.get(text);
    if (unit === undefined) {
      unit = (text.trim().toUpperCase() || 'UN').slice(0, 6);
      if (this.units.size < 1000) this.units.set(text, unit);
    }
    return unit;
  }

  private row(cells: string[], line: number, rows: CatalogRow[], errors: RowError[]): void {
    const col = this.col;
    if (cells.length === 1 && cells[0].trim() === '') return;

    const codeText = (cells[col.code] ?? '').trim();
    const code = codeValue(codeText);
    if (code === 0) {
      errors.push({ line, message: `código inválido "${codeText}" (use números de 1 a 999999999)` });
      return;
    }
    let description = (cells[col.description] ?? '').trim();
    if (!description) {
      errors.push({ line, message: 'descrição vazia' });
      return;
    }
    if (description.includes('  ') || description.includes('\n') || description.includes('\t')) {
      description = description.replace(/\s+/g, ' ');
    }
    if (MAY_NEED_NFC.test(description)) description = description.normalize('NFC');
    if (description.length > MAX_DESCRIPTION) description = description.slice(0, MAX_DESCRIPTION);
    const priceText = (cells[col.priceCents] ?? '').trim();
    const priceCents = quickPrice(priceText) ?? parseMoney(priceText);
    if (priceCents === null || priceCents < 0) {
      errors.push({ line, message: `preço inválido "${priceText}" (ex.: 12,90)` });
      return;
    }
    const unit = this.unitOf(col.unit >= 0 ? (cells[col.unit] ?? '') : '');
    const fractionalText = col.fractional >= 0 ? (cells[col.fractional] ?? '').trim() : '';
    const fractional = fractionalText === '' ? isFractionalUnit(unit) : parseYesNo(fractionalText);
    if (fractional === null) {
      errors.push({ line, message: `fracionado inválido "${fractionalText}" (use S ou N)` });
      return;
    }
    const eanText = col.eans >= 0 ? (cells[col.eans] ?? '').trim() : '';
    let eans = eanText === '' ? [] : isDigits(eanText, 1, 14) ? [eanText] : eanText.split(/[|\s/,]+/).filter(Boolean);

    // One key per EAN (0 = invalid), computed once for the check, the lookups and the table.
    let keys = eans.length === 0 ? NO_KEYS : eans.map(validEanKey);
    const bad = keys.indexOf(0);
    if (bad >= 0) {
      const badEan = eans[bad];
      errors.push({
        line,
        message: isDigits(badEan, 8, 8) || isDigits(badEan, 13, 13)
          ? `EAN inválido "${badEan}" (dígito verificador não confere)`
          : `EAN inválido "${badEan}" (use 8 ou 13 dígitos)`,
      });
      return;
    }
    if (eans.length > 1) {
      eans = [...new Set(eans)];
      keys = eans.map(validEanKey);
    }
    // A code or EAN repeated in the file: the first row wins, the others are reported. (One probe per key:
    // the slot found empty is where the key goes, unless the row is refused.)
    const codeSlot = this.codes.slotFor(code);
    const sameCode = this.codes.lineAt(codeSlot);
    if (sameCode !== undefined) {
      errors.push({ line, message: `código ${code} repetido (já na linha ${sameCode}); linha ignorada` });
      return;
    }
    // Several EANs of one row could find the same empty slot: those go through get/set.
    const eanSlot = keys.length === 1 ? this.eans.slotFor(keys[0]) : -1;
    for (let i = 0; i < keys.length; i++) {
      const at = eanSlot >= 0 ? this.eans.lineAt(eanSlot) : this.eans.get(keys[i]);
      if (at !== undefined) {
        errors.push({ line, message: `EAN ${eans[i]} repetido (já na linha ${at}); linha ignorada` });
        return;
      }
    }
    this.codes.putAt(codeSlot, code, line);
    if (eanSlot >= 0) this.eans.putAt(eanSlot, keys[0], line);
    else for (let i = 0; i < keys.length; i++) this.eans.set(keys[i], line);
    rows.push({ line, code, description, priceCents, unit, fractional, eans });
  }
}

/**
 * number → line (codes up to 999999999, EAN keys up to ~2e14) in two typed
 * arrays with open addressing: ~12 bytes a slot instead of a Map entry's
 * ~50+, so a million rows cost ~25 MB, not ~100.
 */
class NumberLineMap {
  private keys = new Float64Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  private size = 0;

  private slot(keys: Float64Array, k: number): number {
    const mask = keys.length - 1;
    let h = (Math.imul(k % 4294967296 | 0, 0x9e3779b1) ^ ((k / 4294967296) | 0)) & mask;
    while (keys[h] !== 0 && keys[h] !== k) h = (h + 1) & mask;
    return h;
  }

  /** k > 0 */
  get(k: number): number | undefined {
    return this.lineAt(this.slot(this.keys, k));
  }

  set(k: number, line: number): void {
    this.putAt(this.slotFor(k), k, line);
  }

  /** The slot holding k, or the empty one where k goes (valid until the next slotFor/set: room is made first). */
  slotFor(k: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    return this.slot(this.keys, k);
  }

  lineAt(slot: number): number | undefined {
    return this.keys[slot] !== 0 ? this.lines[slot] : undefined;
  }

  putAt(slot: number, k: number, line: number): void {
    if (this.keys[slot] !== k) this.size++;
    this.keys[slot] = k;
    this.lines[slot] = line;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldLines = this.lines;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.lines = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === 0) continue;
      const h = this.slot(this.keys, oldKeys[i]);
      this.keys[h] = oldKeys[i];
      this.lines[h] = oldLines[i];
    }
  }
}

const NO_KEYS: number[] = [];

/** "S", "Sim", "1", "true", "x" → true; "N", "Não", "0", "false" → false; anything else → null. */
function parseYesNo(text: string): boolean | null {
  const t = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (['s', 'sim', '1', 'true', 'x', 'y', 'yes'].includes(t)) return true;
  if (['n', 'nao', '0', 'false', 'no'].includes(t)) return false;
  return null;
}

function countLineBreaks(cells: string[]): number {
  let n = 0;
  for (const c of cells) for (let k = c.indexOf('\n'); k >= 0; k = c.indexOf('\n', k + 1)) n++;
  return n;
}
