/**
 * A new till taking the Retaguarda's catalog snapshot, in its own process (its RSS is the till's, not the bench's):
 * a fresh SQLite file with the till's migrations, then the till's own pull (core/retaguarda/pull.ts: the snapshot
 * stream into the streaming import, users and settings, the cursor). Prints one JSON line:
 * { millis, products, cursor, rssBeforeMb, rssPeakMb, rssAfterMb }.
 *
 *   snapshot-child.ts <db> <url> <tillId> <secret>
 */
import { RetaguardaPull } from '../core/retaguarda/pull';
import { openDatabase } from '../core/db/open';

const [dbFile, url, tillId, secret] = process.argv.slice(2);
const db = openDatabase(dbFile);
const pull = new RetaguardaPull({ db, credentials: () => ({ url, tillId, secret }), now: () => new Date(), log: () => {} });
const mb = (n: number) => n / 1024 / 1024;
const before = process.memoryUsage().rss;
let peak = before;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = process.hrtime.bigint();
await pull.pull();
const millis = Number(process.hrtime.bigint() - t0) / 1e6;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(timer);
const products = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
const cursor = pull.cursor();
db.close();
console.log(JSON.stringify({ millis, products, cursor, rssBeforeMb: mb(before), rssPeakMb: mb(peak), rssAfterMb: mb(process.memoryUsage().rss) }));
