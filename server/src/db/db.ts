import type { Db } from './types';

export type { Db, Queryable, Row } from './types';

export interface OpenOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** pg pool size (default 10). */
  poolSize?: number;
}

/** Opens the configured database (the driver modules are loaded only for the one in use). */
export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./pg');
    return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite');
  return openPglite(opts.dataDir);
}
