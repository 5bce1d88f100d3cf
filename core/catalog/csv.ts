import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { parseMoney } from '../../shared/money';

export interface CatalogRow {
  /** Line of the file the row came from (1 = header). */
  line: number;
  code: number;
  description: string;
  priceCents: number;
  unit: string;
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

type Column = 'code' | 'description' | 'priceCents' | 'unit' | 'eans';

/** Header names people actually use, compared without accents, case or spaces. */
export const HEADER_ALIASES: Record<Column, string[]> = {
  code: ['codigo', 'cod', 'code', 'codigo_interno', 'codigointerno', 'cod_interno', 'id', 'sku', 'plu', 'referencia', 'ref'],
  description: ['descricao', 'description', 'produto', 'nome', 'name', 'descricao_produto', 'nome_produto', 'desc'],
  priceCents: ['preco', 'price', 'valor', 'preco_venda', 'precovenda', 'valor_unitario', 'preco_unitario', 'valor_venda', 'pv'],
  unit: ['unidade', 'unit', 'un', 'und', 'unid', 'embalagem'],
  eans: ['ean', 'eans', 'gtin', 'ean13', 'ean_13', 'codigo_barras', 'codigodebarras', 'codigo_de_barras', 'cod_barras', 'barcode', 'barras'],
};

/** The column order of our own export and of a file without a header. */
const DEFAULT_ORDER: Record<Column, number> = { code: 0, eans: 1, description: 2, priceCents: 3, unit: 4 };

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

/** GTIN check digit of an EAN-8/EAN-13 (digits only, the right length). */
function validEan(code: string): boolean {
  const n = code.length;
  if (n !== 8 && n !== 13) return false;
  let sum = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += (n - 1 - i) % 2 === 1 ? d * 3 : d;
  }
  const check = code.charCodeAt(n - 1) - 48;
  return check >= 0 && check <= 9 && (10 - (sum % 10)) % 10 === check;
}

/**
 * Parses a catalog CSV: header `codigo;ean;descricao;preco;unidade` (any
 * order, common aliases; no header = that order), `;` or `,` separators,
 * quoted fields, decimal comma, UTF-8 or Latin-1. A product may carry several
 * EANs separated by `|`, `/` or spaces. Bad rows are reported by their line
 * number (1 = header) and skipped; a code or EAN repeated in the file keeps
 * its first row and reports the others.
 */
export function parseCatalogCsv(bytes: Uint8Array): ParsedCatalog {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const errors: RowError[] = [];
  const rows: CatalogRow[] = [];
  if (text.trim() === '') return { rows, errors: [{ line: 1, message: 'Arquivo vazio.' }], encoding, delimiter };

  const data = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false }).data;

  const header = (data[0] ?? []).map(normalizeHeader);
  const col = {} as Record<Column, number>;
  for (const key of Object.keys(HEADER_ALIASES) as Column[]) {
    col[key] = header.findIndex((h) => HEADER_ALIASES[key].includes(h));
  }
  let firstDataRow = 1;
  const noRequired = col.code < 0 && col.description < 0 && col.priceCents < 0;
  if (noRequired && isDigits((data[0]?.[0] ?? '').trim(), 1, 9) && (data[0]?.length ?? 0) >= 4) {
    // No header: our own column order.
    Object.assign(col, DEFAULT_ORDER);
    firstDataRow = 0;
  }
  const missing = (['code', 'description', 'priceCents'] as const).filter((k) => col[k] < 0);
  if (missing.length) {
    const names = { code: 'codigo', description: 'descricao', priceCents: 'preco' };
    return {
      rows,
      errors: [
        {
          line: 1,
          message: `Cabeçalho sem a(s) coluna(s): ${missing.map((m) => names[m]).join(', ')}. Esperado: codigo;ean;descricao;preco;unidade.`,
        },
      ],
      encoding,
      delimiter,
    };
  }

  // Quoted fields may hold line breaks; count them so line numbers stay those of the file.
  const mayHaveMultiline = text.includes('"');
  let extraLines = 0;

  for (let i = 0; i < data.length; i++) {
    const cells = data[i];
    const line = i + 1 + extraLines;
    if (mayHaveMultiline) for (const c of cells) for (let k = c.indexOf('\n'); k >= 0; k = c.indexOf('\n', k + 1)) extraLines++;
    if (i < firstDataRow) continue;
    if (cells.length === 1 && cells[0].trim() === '') continue;

    const codeText = (cells[col.code] ?? '').trim();
    if (!isDigits(codeText, 1, 9) || Number(codeText) === 0) {
      errors.push({ line, message: `código inválido "${codeText}" (use números de 1 a 999999999)` });
      continue;
    }
    const code = Number(codeText);
    let description = (cells[col.description] ?? '').trim();
    if (!description) {
      errors.push({ line, message: 'descrição vazia' });
      continue;
    }
    if (description.includes('  ') || description.includes('\n') || description.includes('\t')) {
      description = description.replace(/\s+/g, ' ');
    }
    description = description.normalize('NFC').slice(0, MAX_DESCRIPTION);
    const priceText = (cells[col.priceCents] ?? '').trim();
    const priceCents = quickPrice(priceText) ?? parseMoney(priceText);
    if (priceCents === null || priceCents < 0) {
      errors.push({ line, message: `preço inválido "${priceText}" (ex.: 12,90)` });
      continue;
    }
    const unitText = col.unit >= 0 ? (cells[col.unit] ?? '').trim().toUpperCase() : '';
    const unit = (unitText || 'UN').slice(0, 6);
    const eanText = col.eans >= 0 ? (cells[col.eans] ?? '').trim() : '';
    let eans = eanText === '' ? [] : isDigits(eanText, 1, 14) ? [eanText] : eanText.split(/[|\s/,]+/).filter(Boolean);

    const badEan = eans.find((e) => !validEan(e));
    if (badEan !== undefined) {
      errors.push({
        line,
        message: isDigits(badEan, 8, 8) || isDigits(badEan, 13, 13)
          ? `EAN inválido "${badEan}" (dígito verificador não confere)`
          : `EAN inválido "${badEan}" (use 8 ou 13 dígitos)`,
      });
      continue;
    }
    if (eans.length > 1) eans = [...new Set(eans)];
    rows.push({ line, code, description, priceCents, unit, eans });
  }
  return { rows: dropRepeated(rows, errors), errors: errors.sort((a, b) => a.line - b.line), encoding, delimiter };
}

/** An EAN as a number that keeps EAN-8 and EAN-13 apart ("00000001" ≠ "0000000000001"). */
function eanKey(ean: string): number {
  return Number(ean) + (ean.length === 8 ? 1e14 : 0);
}

/**
 * A code or EAN repeated in the file: the first row wins, the others are
 * reported. Checked with sorted typed arrays (fast for a million rows); the
 * line-by-line pass with maps runs only when a repeat exists.
 */
function dropRepeated(rows: CatalogRow[], errors: RowError[]): CatalogRow[] {
  const codes = new Float64Array(rows.length);
  let eanTotal = 0;
  for (let i = 0; i < rows.length; i++) {
    codes[i] = rows[i].code;
    eanTotal += rows[i].eans.length;
  }
  const eans = new Float64Array(eanTotal);
  for (let i = 0, k = 0; i < rows.length; i++) for (const e of rows[i].eans) eans[k++] = eanKey(e);
  const hasRepeat = (a: Float64Array) => {
    a.sort();
    for (let i = 1; i < a.length; i++) if (a[i] === a[i - 1]) return true;
    return false;
  };
  if (!hasRepeat(codes) && !hasRepeat(eans)) return rows;

  const lineOfCode = new Map<number, number>();
  const lineOfEan = new Map<number, number>();
  const kept: CatalogRow[] = [];
  for (const r of rows) {
    const sameCode = lineOfCode.get(r.code);
    if (sameCode !== undefined) {
      errors.push({ line: r.line, message: `código ${r.code} repetido (já na linha ${sameCode}); linha ignorada` });
      continue;
    }
    const clash = r.eans.find((e) => lineOfEan.has(eanKey(e)));
    if (clash !== undefined) {
      errors.push({ line: r.line, message: `EAN ${clash} repetido (já na linha ${lineOfEan.get(eanKey(clash))}); linha ignorada` });
      continue;
    }
    lineOfCode.set(r.code, r.line);
    for (const e of r.eans) lineOfEan.set(eanKey(e), r.line);
    kept.push(r);
  }
  return kept;
}
