import fs from 'node:fs';
import type { Db } from '../db/open';
import { importCatalogCsv } from './import';

/** Loads the shipped sample catalog into an empty database, once. */
export function loadSampleCatalogIfEmpty(db: Db, file: string, now: () => Date): number {
  const { n } = db.prepare('SELECT count(*) AS n FROM products').get() as { n: number };
  const done = db.prepare(`SELECT value FROM settings WHERE key = 'catalog.sampleLoaded'`).get();
  if (n > 0 || done || !fs.existsSync(file)) return 0;
  const report = importCatalogCsv(db, fs.readFileSync(file), now);
  db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('catalog.sampleLoaded', ?)`).run(now().toISOString());
  return report.inserted;
}
