import fs from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './types';

const toNumber = (v: string) => Number(v);

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T = Row>(sql: string, params: unknown[] = []) {
      const res = await q.query<T>(sql, params);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/** PostgreSQL compiled to WebAssembly, in a folder: one connection, statements serialized by PGlite. */
export async function openPglite(dataDir: string): Promise<Db> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pg = await PGlite.create(dataDir, { parsers: { [types.INT8]: toNumber, [types.NUMERIC]: toNumber } });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
