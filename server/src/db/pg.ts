import pg from 'pg';
import type { Db, Queryable, Row } from './types';

const INT8 = 20;
const NUMERIC = 1700;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

const RETRYABLE = new Set(['40001', '40P01']);

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T = Row>(sql: string, params: unknown[] = []) {
      const res = await client.query({ text: sql, values: params });
      return res.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** A real PostgreSQL through a `pg` pool. */
export async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: typeParsers });
  // An idle client that loses its server (restart) emits 'error'; the pool drops it and opens another.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const base = wrap(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A checked-out client has no 'error' listener of the pool's: the connection lost mid-transaction
        // (PostgreSQL restarted) would be an uncaught 'error' and end the process. The query rejects anyway.
        let lost: Error | undefined;
        const onError = (err: Error) => (lost = err);
        client.on('error', onError);
        try {
          await client.query('BEGIN');
          const value = await fn(wrap(client));
          await client.query('COMMIT');
          return value;
        } catch (err) {
          await client.query('ROLLBACK').catch((e: Error) => (lost ??= e));
          const code = (err as { code?: string }).code;
          if (!lost && code && RETRYABLE.has(code) && attempt < 5) continue;
          throw err;
        } finally {
          client.removeListener('error', onError);
          client.release(lost); // a broken connection is dropped, never handed out again
        }
      }
    },
    close: () => pool.end(),
  };
}
