import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test-support/fixtures';
import { checkpointNow, IDLE_MS, WAL_BOUND_FRAMES } from './checkpoint';
import { durableTransaction } from './durable';
import { openDatabase, type Db } from './open';

function db(): Db {
  const d = openDatabase(path.join(tempDir(), 'c.db'));
  d.exec('CREATE TABLE t (x INTEGER)');
  return d;
}

/**
 * Frames in the WAL, read without touching the database: mxFrame of the WAL-index header at the
 * start of the -shm file (https://sqlite.org/walformat.html, "The WAL-Index Header", native byte order).
 */
function walFrames(d: Db): number {
  return fs.readFileSync(d.name + '-shm').readUInt32LE(16);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('idle checkpoints', () => {
  it('the automatic checkpoint is only a bound', () => {
    const d = db();
    expect(d.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_BOUND_FRAMES);
    d.close();
  });

  it('checkpointNow copies the WAL and restarts it at once (not in the next commit)', () => {
    const d = db();
    const insert = d.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run(i);
    expect(walFrames(d)).toBeGreaterThan(50);
    expect(checkpointNow(d)).toBe(true);
    expect(walFrames(d)).toBe(1); // restarted: only the restart's own frame
    expect(d.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 50 });
    d.close();
    expect(checkpointNow(d)).toBe(false); // closed: nothing, no throw
  });

  it('runs once the event loop has been free for IDLE_MS after a durable commit', () => {
    vi.useFakeTimers();
    const d = db();
    const insert = d.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 20; i++) durableTransaction(d, () => insert.run(i));
    vi.advanceTimersByTime(IDLE_MS - 1);
    durableTransaction(d, () => insert.run(20)); // pushes it back
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(walFrames(d)).toBeGreaterThan(20);
    vi.advanceTimersByTime(1);
    expect(walFrames(d)).toBe(1);
    expect(d.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 21 });
    d.close();
  });
});
