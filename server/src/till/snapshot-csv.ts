import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Db } from '../db/db';
import type { Reply } from '../http/routes';

const PAGE = 20_000;

/**
 * One CSV line per product in the till's import format (`codigo;ean;descricao;preco;unidade`, EANs joined by
 * `|`, price `12,34`), built by PostgreSQL for a page at a time: the server never holds a product as a JS
 * object. A description is quoted only when it needs it, so the till's parser stays on its fast path.
 */
const PAGE_SQL = `
  WITH page AS (
    SELECT code, eans, description, price_cents, unit FROM products
    WHERE store_id = $1 AND active AND code > $2 ORDER BY code LIMIT $3)
  SELECT count(*)::int AS n, max(code) AS last, string_agg(
    code::text || ';' || array_to_string(eans, '|') || ';' ||
    CASE WHEN description ~ '[;"\\r\\n]' THEN '"' || replace(description, '"', '""') || '"' ELSE description END || ';' ||
    (price_cents / 100)::text || ',' || lpad((price_cents % 100)::text, 2, '0') || ';' ||
    CASE WHEN unit ~ '[;"\\r\\n]' THEN '"' || replace(unit, '"', '""') || '"' ELSE unit END,
    E'\\n' ORDER BY code) AS text
  FROM page`;

/**
 * GET /v1/till/snapshot.csv — a new till's whole catalog as one streamed CSV (gzip when the till accepts it),
 * with the store's change cursor read BEFORE the first page (`x-balcao-cursor`): every change up to it is
 * committed and so in the file (or newer); the till then pulls `/v1/till/changes` after that cursor, which
 * re-applies anything that changed while the file was being read. Pages are separate short reads (keyset by
 * code), so a 1M-product download never holds a transaction open (PGlite has one connection).
 */
export async function snapshotCsv(db: Db, storeId: string, acceptEncoding: string): Promise<Reply> {
  const [{ change_seq: cursor, n }] = await db.query<{ change_seq: number; n: number }>(
    'SELECT s.change_seq, (SELECT count(*)::int FROM products p WHERE p.store_id = s.id AND p.active) AS n FROM stores s WHERE s.id = $1',
    [storeId],
  );
  async function* lines(): AsyncGenerator<string> {
    yield 'codigo;ean;descricao;preco;unidade\n';
    let after = -1;
    for (;;) {
      const [page] = await db.query<{ n: number; last: number | null; text: string | null }>(PAGE_SQL, [storeId, after, PAGE]);
      if (!page.n || page.last === null) return;
      yield page.text + '\n';
      if (page.n < PAGE) return;
      after = page.last;
    }
  }
  const csv = Readable.from(lines());
  const gzip = /\bgzip\b/.test(acceptEncoding) ? createGzip({ level: 1 }) : null;
  // pipeline: a failed page destroys the gzip stream with the error, and the server cuts the connection.
  if (gzip) pipeline(csv, gzip, () => {});
  return {
    body: null,
    stream: gzip ?? csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'x-balcao-cursor': String(cursor),
      'x-balcao-produtos': String(n),
    },
  };
}
