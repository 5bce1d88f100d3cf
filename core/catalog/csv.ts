import Papa from 'papaparse';
import { parseMoney } from '../../shared/money';
import { isFractionalUnit } from '../../shared/quantity';
import { codeValue, countLineBreaks, decodeText, isDigits, MAX_DESCRIPTION, MAY_NEED_NFC, parseYesNo, quickPrice, validEanKey } from './csv-fields';
import { DEFAULT_ORDER, detectDelimiter, HEADER_ALIASES, normalizeHeader, type Column } from './csv-header';
import { NumberLineMap } from './number-line-map';

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

const NO_KEYS: number[] = [];
