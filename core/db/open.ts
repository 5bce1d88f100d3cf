import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { privateDir, privateFile } from '../kernel/private-files';
import { useIdleCheckpoints } from './checkpoint';
import { durableTransaction, useRelaxedCommits } from './durable';
import { MIGRATIONS, type Migration } from './migrations';
import type { Db } from './types';

export type { Db } from './types';

/** SQLite's page cache per connection (KiB); see openDatabase. */
export const PAGE_CACHE_KIB = 2000;

export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(
      `O banco de dados foi criado por uma versão mais nova do Balcão (esquema ${found}; esta versão conhece até ${known}). ` +
        'Atualize o Balcão antes de abrir este arquivo.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Opens (creating when missing) the store's SQLite file: WAL, synchronous=NORMAL
 * (every commit survives a killed process; `durableTransaction` in ./durable
 * makes the ones that must survive a power cut fsync'd), checkpoints when idle
 * (./checkpoint), foreign keys on, then applies every pending migration in ONE
 * transaction.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') {
    // 0700 folder, 0600 file before SQLite opens it: its -wal and -shm are created with the file's mode.
    privateDir(path.dirname(file));
    privateFile(file);
    for (const side of ['-wal', '-shm', '-journal']) privateFile(file + side, false);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  useRelaxedCommits(db);
  useIdleCheckpoints(db);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // No mmap_size: tried (256 MB) — scan p95 ~30% lower at 1M products, but every page a name search
  // touches then counts in the process RSS (~200 MB instead of ~115 MB at 1M).
  // Page cache: SQLite's stock 2 MB, set here because better-sqlite3 builds with 16 MB
  // (SQLITE_DEFAULT_CACHE_SIZE=-16000). At 1M products the name searches filled all 16 MB (+15 MB RSS);
  // scan lookups and searches measured the same with 2 MB (misses are reads from the OS's file cache).
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): number {
  // Versions strictly increase; gaps are allowed (each capability owns its numbers), order is not negotiable.
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1].version) {
      throw new Error(`migração fora de ordem: ${m.name} (${m.version}) depois de ${migrations[i - 1].name} (${migrations[i - 1].version})`);
    }
  });
  const known = migrations.length ? migrations[migrations.length - 1].version : 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(current, known);
  if (current === known) return current;
  durableTransaction(db, () => {
    for (const m of migrations) if (m.version > current) m.up(db);
    db.pragma(`user_version = ${known}`);
  });
  return known;
}
