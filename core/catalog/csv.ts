import Papa from 'papaparse';
import { isValidEan } from '../../shared/ean';
import { parseMoney } from '../../shared/money';

export interface CatalogRow {
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

/** UTF-8 when the bytes are valid UTF-8; otherwise Latin-1 (Windows-1252, what Excel in pt-BR saves). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

const HEADER_ALIASES: Record<keyof Omit<CatalogRow, 'line'>, string[]> = {
  code: ['codigo', 'cod', 'code', 'codigo_interno', 'codigointerno', 'id'],
  description: ['descricao', 'description', 'produto', 'nome', 'name'],
  priceCents: ['preco', 'price', 'valor', 'preco_venda', 'precovenda', 'valor_unitario'],
  unit: ['unidade', 'unit', 'un', 'und'],
  eans: ['ean', 'eans', 'gtin', 'codigo_barras', 'codigodebarras', 'codigo_de_barras', 'barcode'],
};

function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Parses a catalog CSV: header row with codigo;ean;descricao;preco;unidade (any
 * order, common aliases), `;` or `,` separators, decimal comma, UTF-8 or
 * Latin-1. Bad rows are reported by their line number (1 = header) and skipped.
 */
export function parseCatalogCsv(bytes: Uint8Array): ParsedCatalog {
  const { text, encoding } = decodeText(bytes);
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const data = parsed.data;
  const errors: RowError[] = [];
  const rows: CatalogRow[] = [];
  if (data.length === 0) return { rows, errors: [{ line: 1, message: 'Arquivo vazio.' }], encoding, delimiter };

  const header = (data[0] ?? []).map(normalizeHeader);
  const col = {} as Record<keyof typeof HEADER_ALIASES, number>;
  for (const key of Object.keys(HEADER_ALIASES) as (keyof typeof HEADER_ALIASES)[]) {
    col[key] = header.findIndex((h) => HEADER_ALIASES[key].includes(h));
  }
  const missing = (['code', 'description', 'priceCents'] as const).filter((k) => col[k] < 0);
  if (missing.length) {
    const names = { code: 'codigo', description: 'descricao', priceCents: 'preco' };
    return {
      rows,
      errors: [{ line: 1, message: `Cabeçalho sem a(s) coluna(s): ${missing.map((m) => names[m]).join(', ')}.` }],
      encoding,
      delimiter,
    };
  }

  for (let i = 1; i < data.length; i++) {
    const cells = data[i];
    const line = i + 1;
    if (!cells || (cells.length === 1 && cells[0].trim() === '')) continue;
    const codeText = (cells[col.code] ?? '').trim();
    const description = (cells[col.description] ?? '').trim().normalize('NFC');
    const priceText = (cells[col.priceCents] ?? '').trim();
    const unit = col.unit >= 0 ? (cells[col.unit] ?? '').trim().toUpperCase() || 'UN' : 'UN';
    const eanText = col.eans >= 0 ? (cells[col.eans] ?? '').trim() : '';

    if (!/^\d{1,9}$/.test(codeText) || Number(codeText) === 0) {
      errors.push({ line, message: `código inválido "${codeText}" (use números de 1 a 999999999)` });
      continue;
    }
    if (!description) {
      errors.push({ line, message: 'descrição vazia' });
      continue;
    }
    const priceCents = parseMoney(priceText);
    if (priceCents === null || priceCents < 0) {
      errors.push({ line, message: `preço inválido "${priceText}"` });
      continue;
    }
    const eans = eanText ? eanText.split(/[|\s/]+/).filter(Boolean) : [];
    const badEan = eans.find((e) => !isValidEan(e));
    if (badEan !== undefined) {
      errors.push({ line, message: `EAN inválido "${badEan}" (dígito verificador ou tamanho)` });
      continue;
    }
    rows.push({ line, code: Number(codeText), description: description.slice(0, 200), priceCents, unit: unit.slice(0, 6), eans });
  }
  return { rows, errors, encoding, delimiter };
}
