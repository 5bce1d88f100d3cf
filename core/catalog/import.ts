import type { ImportReport } from '../../shared/api/catalog';
import type { Db } from '../db/open';
import { parseCatalogCsv, type CatalogRow } from './csv';

export type ProgressFn = (done: number, total: number) => void;

const MAX_ERRORS_LISTED = 200;

/**
 * Upserts catalog rows by internal code in one transaction. A product's EAN
 * list is replaced by the file's. Large imports rebuild the FTS index once at
 * the end (much faster than row-by-row index maintenance).
 */
export function importCatalogRows(
  db: Db,
  rows: CatalogRow[],
  now: () => Date,
  onProgress: ProgressFn = () => {},
): { inserted: number; updated: number; eanConflicts: { line: number; message: string }[] } {
  const existing = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  const bulk = existing === 0 || rows.length > 20_000;
  const stamp = now().toISOString();

  const getOld = db.prepare<[number], { description: string }>('SELECT description FROM products WHERE code = ?');
  const upsert = db.prepare(
    `INSERT INTO products (code, description, price_cents, unit, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET description = excluded.description, price_cents = excluded.price_cents,
       unit = excluded.unit, updated_at = excluded.updated_at`,
  );
  const ftsDelete = db.prepare(`INSERT INTO products_fts (products_fts, rowid, description) VALUES ('delete', ?, ?)`);
  const ftsInsert = db.prepare('INSERT INTO products_fts (rowid, description) VALUES (?, ?)');
  const eanDelete = db.prepare('DELETE FROM product_eans WHERE code = ?');
  const eanOwner = db.prepare<[string], { code: number }>('SELECT code FROM product_eans WHERE ean = ?');
  const eanInsert = db.prepare('INSERT OR REPLACE INTO product_eans (ean, code) VALUES (?, ?)');

  let inserted = 0;
  let updated = 0;
  const eanConflicts: { line: number; message: string }[] = [];
  const step = Math.max(1000, Math.floor(rows.length / 100));

  db.transaction(() => {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const old = existing === 0 ? undefined : getOld.get(r.code);
      upsert.run(r.code, r.description, r.priceCents, r.unit, stamp);
      if (old) {
        updated++;
        eanDelete.run(r.code);
        if (!bulk && old.description !== r.description) {
          ftsDelete.run(r.code, old.description);
          ftsInsert.run(r.code, r.description);
        }
      } else {
        inserted++;
        if (!bulk) ftsInsert.run(r.code, r.description);
      }
      for (const ean of r.eans) {
        if (existing !== 0) {
          const owner = eanOwner.get(ean);
          if (owner && owner.code !== r.code) {
            eanConflicts.push({ line: r.line, message: `EAN ${ean} passou do produto ${owner.code} para ${r.code}` });
          }
        }
        eanInsert.run(ean, r.code);
      }
      if ((i + 1) % step === 0) onProgress(i + 1, rows.length);
    }
    if (bulk) db.exec(`INSERT INTO products_fts (products_fts) VALUES ('rebuild')`);
  })();
  onProgress(rows.length, rows.length);
  return { inserted, updated, eanConflicts };
}

export function importCatalogCsv(db: Db, bytes: Uint8Array, now: () => Date, onProgress?: ProgressFn): ImportReport {
  const started = performance.now();
  const parsed = parseCatalogCsv(bytes);
  const { inserted, updated, eanConflicts } = importCatalogRows(db, parsed.rows, now, onProgress);
  const errors = [...parsed.errors, ...eanConflicts].sort((a, b) => a.line - b.line);
  return {
    total: parsed.rows.length + parsed.errors.length,
    inserted,
    updated,
    errors: errors.slice(0, MAX_ERRORS_LISTED),
    errorCount: parsed.errors.length,
    millis: Math.round(performance.now() - started),
  };
}
