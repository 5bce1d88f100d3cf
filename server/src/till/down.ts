import type { ChangesPage, SnapshotPage } from '../../../shared/retaguarda/records';
import type { Db, Queryable } from '../db/db';

const PRODUCT_COLS = 'code, description, price_cents AS "priceCents", unit, eans, active, change_seq AS seq';
const USER_COLS = 'id, name, role, pin_hash AS "pinHash", pin_salt AS "pinSalt", active, change_seq AS seq';
const SETTING_COLS = 'key, value, change_seq AS seq';

type P = ChangesPage['products'][number];
type U = ChangesPage['users'][number];
type S = ChangesPage['settings'][number];

/** All reads of a page in one snapshot (a change committing between two of them cannot be skipped). */
function snapshotRead<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return fn(tx);
  });
}

/**
 * Everything of the store changed after `after`, at most `limit` changes, in cursor order. Each kind is
 * read up to `limit` rows; the merged first `limit` are returned, so every change up to the returned
 * cursor is in this page or an earlier one.
 */
export function changesSince(db: Db, storeId: string, after: number, limit: number): Promise<ChangesPage> {
  return snapshotRead(db, async (tx) => {
    const args = [storeId, after, limit + 1];
    const [products, users, settings] = [
      await tx.query<P>(`SELECT ${PRODUCT_COLS} FROM products WHERE store_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`, args),
      await tx.query<U>(`SELECT ${USER_COLS} FROM till_users WHERE store_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`, args),
      await tx.query<S>(`SELECT ${SETTING_COLS} FROM store_settings WHERE store_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`, args),
    ];
    const seqs = [...products, ...users, ...settings].map((r) => r.seq).sort((a, b) => a - b);
    const more = seqs.length > limit;
    const cursor = seqs.length === 0 ? after : seqs[Math.min(limit, seqs.length) - 1];
    const upTo = <T extends { seq: number }>(rows: T[]) => rows.filter((r) => r.seq <= cursor);
    return { products: upTo(products), users: upTo(users), settings: upTo(settings), cursor, more };
  });
}

/** The catalog by code pages for a new till; the first page also brings users and settings. */
export function snapshotPage(db: Db, storeId: string, afterCode: number | null, limit: number): Promise<SnapshotPage> {
  return snapshotRead(db, async (tx) => {
    const [{ change_seq: cursor }] = await tx.query<{ change_seq: number }>('SELECT change_seq FROM stores WHERE id = $1', [storeId]);
    const products = await tx.query<P>(
      `SELECT ${PRODUCT_COLS} FROM products WHERE store_id = $1 AND code > $2 AND active ORDER BY code LIMIT $3`,
      [storeId, afterCode ?? -1, limit],
    );
    const first = afterCode === null;
    return {
      products,
      users: first ? await tx.query<U>(`SELECT ${USER_COLS} FROM till_users WHERE store_id = $1 AND active ORDER BY change_seq`, [storeId]) : [],
      settings: first ? await tx.query<S>(`SELECT ${SETTING_COLS} FROM store_settings WHERE store_id = $1 ORDER BY key`, [storeId]) : [],
      cursor,
      nextAfterCode: limit > 0 && products.length === limit ? products[products.length - 1].code : null,
    };
  });
}
