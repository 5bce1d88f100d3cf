/**
 * A thin query interface over both drivers: PGlite (embedded default) and `pg` (real PostgreSQL).
 * Plain SQL with $1… parameters; bigint/int8 and numeric come back as JS numbers (every amount is
 * integer cents, far below 2^53).
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with parameters → its rows. */
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * fn inside BEGIN … COMMIT on one connection; rolled back when it throws. On PostgreSQL a
   * serialization failure or deadlock (40001, 40P01) runs fn again (up to 5 times).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

