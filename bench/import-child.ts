/**
 * Imports a catalog CSV into a fresh SQLite file, in its own process so the
 * parent's memory (the "core RSS" figure) never holds the import's garbage.
 * Prints one JSON line: { millis, inserted, errorCount, rssMb } (rssMb = peak).
 *
 *   import-child.ts <csv> <db>            the app's streaming import (what catalog:import and the screen run)
 *   import-child.ts <csv> <db> --bare     the baseline: the same bytes read in chunks, papaparse, one prepared
 *                                         INSERT per row in one transaction; no validation, no EAN table, no index
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { fileChunks, importCatalogStream } from '../core/catalog/stream-import';
import { openDatabase } from '../core/db/open';

const [csvFile, dbFile, mode] = process.argv.slice(2);
let peak = 0;
const sampleRss = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sampleRss, 20);
const db = openDatabase(dbFile);
const t0 = process.hrtime.bigint();
let inserted = 0;
let errorCount = 0;
if (mode === '--bare') {
  db.exec('CREATE TABLE bare (code INTEGER, ean TEXT, description TEXT, price TEXT, unit TEXT)');
  const ins = db.prepare('INSERT INTO bare VALUES (?, ?, ?, ?, ?)');
  const parser = new Papa.Parser({ delimiter: ';' });
  const dec = new TextDecoder();
  let partial = '';
  let base = 0;
  db.transaction(() => {
    for (const chunk of fileChunks(csvFile)) {
      const text = partial + dec.decode(chunk, { stream: true });
      const res = parser.parse(text, base, true) as Papa.ParseResult<string[]>;
      partial = text.substring(res.meta.cursor - base);
      base = res.meta.cursor;
      for (const r of res.data) if (r.length >= 4) (ins.run(Number(r[0]) || 0, r[1], r[2], r[3], r[4] ?? ''), inserted++);
      sampleRss();
    }
    const res = parser.parse(partial + dec.decode(), base, false) as Papa.ParseResult<string[]>;
    for (const r of res.data) if (r.length >= 4) (ins.run(Number(r[0]) || 0, r[1], r[2], r[3], r[4] ?? ''), inserted++);
  })();
  inserted -= 1; // the header row
} else {
  const report = await importCatalogStream(db, () => fileChunks(csvFile), {
    now: () => new Date(),
    totalBytes: fs.statSync(csvFile).size,
    onProgress: sampleRss,
  });
  inserted = report.inserted;
  errorCount = report.errorCount;
}
const millis = Number(process.hrtime.bigint() - t0) / 1e6;
sampleRss();
clearInterval(timer);
db.close();
console.log(JSON.stringify({ millis, inserted, errorCount, rssMb: peak / 1024 / 1024 }));
