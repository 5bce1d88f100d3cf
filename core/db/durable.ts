import type { Db } from './open';

/**
 * Durability levels of this app's SQLite file (WAL mode, see README "Durability"):
 *
 * - Every connection runs with `synchronous=NORMAL`: a commit appends to the WAL
 *   with write() and returns without fsync. It survives a killed process (the
 *   WAL is in the OS page cache) but may roll back after a power cut or an OS
 *   crash. That is the open cart: scans, quantities, discounts, tenders.
 * - `durableTransaction` commits with `synchronous=FULL`: SQLite fsyncs the WAL
 *   before the commit returns. Since the WAL is one file appended in commit
 *   order, that fsync also makes every earlier NORMAL commit durable. That is a
 *   finalized sale (with its payments and outbox rows), a cancellation, a
 *   shift close: one fsync each.
 *
 * SQLite refuses to change `synchronous` inside a transaction ("Safety level
 * may not be changed inside a transaction"), so the level is raised before
 * BEGIN and put back after COMMIT/ROLLBACK. It is per connection, and
 * better-sqlite3 is synchronous: nothing else commits on this connection in
 * between.
 */
export const CART_SYNCHRONOUS = 'NORMAL';

/** Sets the connection's default level (cart edits): called once by openDatabase. */
export function useRelaxedCommits(db: Db): void {
  db.pragma(`synchronous = ${CART_SYNCHRONOUS}`);
}

/**
 * Runs fn in one BEGIN IMMEDIATE transaction whose COMMIT is fsync'd
 * (synchronous=FULL), then returns the connection to NORMAL.
 *
 * Called inside another transaction it joins it as a savepoint: the OUTER
 * transaction's commit decides durability, so the outer one must itself be
 * a durableTransaction (an error says so when it is not).
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) {
    if (!durableDepth.has(db)) {
      throw new Error('durableTransaction dentro de uma transação comum: o COMMIT de fora não seria sincronizado (use durableTransaction também fora).');
    }
    return db.transaction(fn)();
  }
  db.pragma('synchronous = FULL');
  durableDepth.add(db);
  try {
    return db.transaction(fn).immediate();
  } finally {
    durableDepth.delete(db);
    db.pragma(`synchronous = ${CART_SYNCHRONOUS}`);
  }
}

/** Connections inside a durableTransaction right now. */
const durableDepth = new WeakSet<Db>();

/** The connection's current level: 1 = NORMAL, 2 = FULL. */
export function synchronousLevel(db: Db): number {
  return db.pragma('synchronous', { simple: true }) as number;
}
