import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/fixtures';
import { DatabaseTooNewError, openDatabase, PAGE_CACHE_KIB } from './open';
import { MIGRATIONS, type Migration } from './migrations';

const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;

describe('openDatabase', () => {
  it('uses WAL, synchronous=NORMAL and foreign keys, at the latest schema', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: cart edits; durableTransaction commits FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    db.close();
  });

  it("sets its own page cache size instead of better-sqlite3's 16 MB build default", () => {
    const db = openDatabase(path.join(tempDir(), 'cache.db'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    db.close();
  });

  it('refuses a database newer than the code, with a clear message', () => {
    const file = path.join(tempDir(), 'b.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(file)).toThrow(/versão mais nova do Balcão/);
  });

  it('applies pending migrations all-or-nothing', () => {
    const file = path.join(tempDir(), 'c.db');
    openDatabase(file).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: LATEST + 1, name: 'ok', up: (db) => db.exec('CREATE TABLE t_ok (x)') },
      { version: LATEST + 2, name: 'boom', up: (db) => db.exec('CREATE TABLE broken (') },
    ];
    expect(() => openDatabase(file, broken)).toThrow();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 't_ok'`).get()).toEqual({ n: 0 });
    db.close();
  });
});
