import { checkpointWhenIdle } from './checkpoint';
import type { Db } from './types';
import type { Statement } from 'better-sqlite3';

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
  const st = statements(db);
  st.full.run();
  durableDepth.add(db);
  try {
    const out = immediateTransaction(db, fn);
    checkpointWhenIdle(db); // the WAL's copy into the database file waits for the cashier's next pause
    return out;
  } finally {
    durableDepth.delete(db);
    st.normal.run();
  }
}

/**
 * BEGIN IMMEDIATE … COMMIT with statements prepared once per connection
 * (db.transaction(fn) builds a new wrapper per call, measurable on a scan);
 * inside another transaction it joins it as a savepoint, like db.transaction.
 */
export function immediateTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn)();
  const st = statements(db);
  st.begin.run();
  try {
    const out = fn();
    st.commit.run();
    return out;
  } catch (err) {
    if (db.inTransaction) st.rollback.run();
    throw err;
  }
}

type Statements = Record<'full' | 'normal' | 'begin' | 'commit' | 'rollback', Statement<[]>>;
const prepared = new WeakMap<Db, Statements>();
function statements(db: Db): Statements {
  let st = prepared.get(db);
  if (!st) {
    st = {
      full: db.prepare('PRAGMA synchronous = FULL'),
      normal: db.prepare(`PRAGMA synchronous = ${CART_SYNCHRONOUS}`),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
    prepared.set(db, st);
  }
  return st;
}

/** Connections inside a durableTransaction right now. */
const durableDepth = new WeakSet<Db>();

/** The connection's current level: 1 = NORMAL, 2 = FULL. */
export function synchronousLevel(db: Db): number {
  return db.pragma('synchronous', { simple: true }) as number;
}
