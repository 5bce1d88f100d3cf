import type { Product } from '../../shared/api/catalog';
import { hasGtinLength } from '../../shared/ean';
import type { Db } from '../db/open';

interface ProductRow {
  code: number;
  description: string;
  price_cents: number;
  unit: string;
  eans: string | null;
}

interface ScanRow {
  code: number;
  description: string;
  price_cents: number;
  unit: string;
  ean: string | null;
}

function scanned(r: Omit<ScanRow, 'ean'>, ean: string): ScannedProduct {
  return { code: r.code, description: r.description, priceCents: r.price_cents, unit: r.unit, ean };
}

function toProduct(r: ProductRow): Product {
  return {
    code: r.code,
    description: r.description,
    priceCents: r.price_cents,
    unit: r.unit,
    eans: r.eans ? r.eans.split(',') : [],
  };
}

/** Turns what a person typed into an FTS5 query: every word must start a word of the name. */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/**
 * Lower is better. The name starting with the first word typed weighs most;
 * then each word typed that is a whole word of the name ("coca" → Coca-Cola
 * before Cocamar); then the words appearing in the typed order.
 */
function relevance(name: string, words: string[]): number {
  const tokens = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  let score = 0;
  if (tokens[0]?.startsWith(words[0])) score -= 4;
  for (const w of words) if (tokens.includes(w)) score -= 2;
  let at = 0;
  let inOrder = true;
  for (const w of words) {
    const i = tokens.findIndex((t, k) => k >= at && t.startsWith(w));
    if (i < 0) {
      inOrder = false;
      break;
    }
    at = i + 1;
  }
  if (inOrder) score -= 1;
  return score;
}

/** Lower-case, accents removed: how the FTS tokenizer sees a word. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * How many FTS matches (in index order) the name search ranks at most. bm25
 * over every match costs ~15 ms for a word found in 20k products of a 1M
 * catalog (160 ms for a 2-letter prefix), far over the 10 ms budget; ranking
 * the first CANDIDATES in JS costs < 2 ms. When a query matches more than
 * this, the cashier types one more word anyway.
 */
export const SEARCH_CANDIDATES = 200;

/** What a scan needs of a product: the EAN is the one scanned, or the product's first when a code was typed. */
export interface ScannedProduct {
  code: number;
  description: string;
  priceCents: number;
  unit: string;
  ean: string;
}

/** Read side of the catalog: the scanner's lookup and the name search. */
export class CatalogRepo {
  private byEan;
  private byCode;
  private scanByEan;
  private scanByCode;
  private search_;
  private count;

  constructor(private readonly db: Db) {
    const select = `SELECT p.code, p.description, p.price_cents, p.unit,
        (SELECT group_concat(e.ean) FROM product_eans e WHERE e.code = p.code) AS eans
      FROM products p`;
    this.byEan = db.prepare<[string], ProductRow>(`${select} WHERE p.code = (SELECT code FROM product_eans WHERE ean = ?)`);
    this.byCode = db.prepare<[number], ProductRow>(`${select} WHERE p.code = ?`);
    // The scan's lookups: no list of every EAN of the product (one B-tree descent less at 1M products).
    // min(ean) is the first of group_concat's list above, both read in product_eans_code order.
    this.scanByEan = db.prepare<[string], Omit<ScanRow, 'ean'>>(
      `SELECT p.code, p.description, p.price_cents, p.unit FROM products p WHERE p.code = (SELECT code FROM product_eans WHERE ean = ?)`,
    );
    this.scanByCode = db.prepare<[number], ScanRow>(
      `SELECT p.code, p.description, p.price_cents, p.unit, (SELECT min(e.ean) FROM product_eans e WHERE e.code = p.code) AS ean
       FROM products p WHERE p.code = ?`,
    );
    this.search_ = db.prepare<[string, number], { code: number; description: string }>(
      `SELECT p.code, p.description FROM (SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT ?) f
        JOIN products p ON p.code = f.rowid`,
    );
    this.count = db.prepare<[], { products: number; eans: number }>(
      `SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM product_eans) AS eans`,
    );
  }

  /** A barcode (EAN-8/13) or an internal code. */
  lookup(code: string): Product | null {
    const c = code.trim();
    if (!/^\d{1,14}$/.test(c)) return null;
    const byEan = this.byEan.get(c);
    if (byEan) return toProduct(byEan);
    const n = Number(c);
    if (c.length <= 9 && Number.isSafeInteger(n)) {
      const byCode = this.byCode.get(n);
      if (byCode) return toProduct(byCode);
    }
    return null;
  }

  /**
   * `lookup` for the scanner: the same product, without the list of its EANs. A code that cannot be a
   * barcode (product_eans only ever held 8 or 13 digits, GTINs are 8/12/13/14) skips the EAN index.
   */
  scanLookup(code: string): ScannedProduct | null {
    const c = code.trim();
    if (!/^\d{1,14}$/.test(c)) return null;
    const byEan = hasGtinLength(c) ? this.scanByEan.get(c) : undefined;
    if (byEan) return scanned(byEan, c);
    const n = Number(c);
    if (c.length <= 9 && Number.isSafeInteger(n)) {
      const byCode = this.scanByCode.get(n);
      if (byCode) return scanned(byCode, byCode.ean ?? '');
    }
    return null;
  }

  getByCode(code: number): Product | null {
    const r = this.byCode.get(code);
    return r ? toProduct(r) : null;
  }

  /**
   * Name search: every typed word must start a word of the name, accents and
   * case ignored ("acucar ref" finds "Açúcar Refinado"). Best first: names
   * that start with the first word typed, then the words typed in order,
   * then shorter names (the plain product before its variants), then code.
   * Digits are also read as an EAN or internal code (that product comes first).
   */
  search(text: string, limit = 20): Product[] {
    // An EAN or internal code typed in the search (F2) finds its product first, then any name matching the digits.
    const byCode = /^\d{1,14}$/.test(text.trim()) ? this.lookup(text) : null;
    const byName = this.searchByName(text, limit);
    if (!byCode) return byName;
    return [byCode, ...byName.filter((p) => p.code !== byCode.code)].slice(0, limit);
  }

  private searchByName(text: string, limit: number): Product[] {
    const q = ftsQuery(text);
    if (!q) return [];
    const words = foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const scored = this.search_.all(q, SEARCH_CANDIDATES).map((r) => ({ r, score: relevance(foldText(r.description), words) }));
    scored.sort((a, b) => a.score - b.score || a.r.description.length - b.r.description.length || a.r.code - b.r.code);
    const out: Product[] = [];
    for (const { r } of scored.slice(0, limit)) {
      const p = this.getByCode(r.code);
      if (p) out.push(p);
    }
    return out;
  }

  stats(): { products: number; eans: number } {
    return this.count.get()!;
  }
}
