/**
 * Imports a catalog CSV into a fresh SQLite file, in its own process so the
 * parent's memory (the "core RSS" figure) never holds the import's garbage.
 * Prints one JSON line: { millis, inserted, errorCount, rssMb }.
 * Timed: reading the CSV bytes → parsing → rows + EANs + FTS index committed.
 */
import fs from 'node:fs';
import { importCatalogCsv } from '../core/catalog/import';
import { openDatabase } from '../core/db/open';

const [csvFile, dbFile] = process.argv.slice(2);
const db = openDatabase(dbFile);
const t0 = process.hrtime.bigint();
const report = importCatalogCsv(db, fs.readFileSync(csvFile), () => new Date());
const millis = Number(process.hrtime.bigint() - t0) / 1e6;
const rssMb = process.memoryUsage().rss / 1024 / 1024;
db.close();
console.log(JSON.stringify({ millis, inserted: report.inserted, errorCount: report.errorCount, rssMb }));
