import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/fixtures';
import { durableTransaction, synchronousLevel } from './durable';
import { openDatabase } from './open';

function db() {
  const d = openDatabase(path.join(tempDir(), 'd.db'));
  d.exec('CREATE TABLE t (x INTEGER)');
  return d;
}

describe('durableTransaction', () => {
  it('commits with synchronous=FULL and puts the connection back to NORMAL', () => {
    const d = db();
    expect(synchronousLevel(d)).toBe(1);
    const seen = durableTransaction(d, () => {
      d.prepare('INSERT INTO t VALUES (1)').run();
      return synchronousLevel(d);
    });
    expect(seen).toBe(2);
    expect(synchronousLevel(d)).toBe(1);
    expect(d.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    d.close();
  });

  it('rolls back on error, and the connection is NORMAL again', () => {
    const d = db();
    expect(() =>
      durableTransaction(d, () => {
        d.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('recusado');
      }),
    ).toThrow('recusado');
    expect(synchronousLevel(d)).toBe(1);
    expect(d.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    d.close();
  });

  it('nests inside another durableTransaction, and refuses to hide inside a plain one', () => {
    const d = db();
    durableTransaction(d, () => durableTransaction(d, () => d.prepare('INSERT INTO t VALUES (1)').run()));
    expect(d.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    expect(() => d.transaction(() => durableTransaction(d, () => 1))()).toThrow(/não seria sincronizado/);
    expect(synchronousLevel(d)).toBe(1);
    d.close();
  });
});
