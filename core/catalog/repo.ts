import type { Product } from '../../shared/api/catalog';
import type { Db } from '../db/open';

interface ProductRow {
  code: number;
  description: string;
  price_cents: number;
  unit: string;
  eans: string | null;
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

/** Read side of the catalog: the scanner's lookup and the name search. */
export class CatalogRepo {
  private byEan;
  private byCode;
  private search_;
  private count;

  constructor(private readonly db: Db) {
    const select = `SELECT p.code, p.description, p.price_cents, p.unit,
        (SELECT group_concat(e.ean) FROM product_eans e WHERE e.code = p.code) AS eans
      FROM products p`;
    this.byEan = db.prepare<[string], ProductRow>(`${select} WHERE p.code = (SELECT code FROM product_eans WHERE ean = ?)`);
    this.byCode = db.prepare<[number], ProductRow>(`${select} WHERE p.code = ?`);
    this.search_ = db.prepare<[string, number], ProductRow>(
      `${select} JOIN (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH ? ORDER BY rank LIMIT ?) f
        ON f.rowid = p.code ORDER BY f.rank`,
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

  getByCode(code: number): Product | null {
    const r = this.byCode.get(code);
    return r ? toProduct(r) : null;
  }

  search(text: string, limit = 20): Product[] {
    const q = ftsQuery(text);
    if (!q) return [];
    return this.search_.all(q, limit).map(toProduct);
  }

  stats(): { products: number; eans: number } {
    return this.count.get()!;
  }
}
