import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

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
 * Opens (creating when missing) the store's SQLite file: WAL, synchronous=FULL
 * (a finished sale survives a power cut), foreign keys on, then applies every
 * pending migration in ONE transaction.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): number {
  const known = migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migração fora de ordem: ${m.name} (${m.version}) na posição ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(current, known);
  if (current === known) return current;
  db.transaction(() => {
    for (const m of migrations.slice(current)) m.up(db);
    db.pragma(`user_version = ${known}`);
  })();
  return known;
}
