/**
 * What is provable about durability without pulling the plug: the syscalls.
 * Under strace, the cart edits of a sale make no fsync at all (WAL +
 * synchronous=NORMAL: they survive a killed process, see crash.test.ts), and
 * finalize fsyncs the WAL exactly once BEFORE it returns — after that fsync
 * the sale, its payments and its outbox rows (and every earlier frame of the
 * WAL) are on the disk. Needs strace (Debian: apt-get install strace; .ci/run does).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/paths';
import { createTestCore, tempDir } from '../../test-support/fixtures';

function traced(dataDir: string): Promise<string[]> {
  const traceFile = path.join(dataDir, 'strace.txt');
  return new Promise((resolve, reject) => {
    const child = spawn(
      'strace',
      ['-f', '-qq', '-y', '-s', '64', '-e', 'trace=fsync,fdatasync,write', '-o', traceFile, process.execPath, '--import', 'tsx', path.join(projectRoot, 'test-support/children/fsync-child.ts'), dataDir],
      { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(fs.readFileSync(traceFile, 'utf8').split('\n')) : reject(new Error(`strace/child saiu com ${code}: ${err}`))));
  });
}

/** The lines of the trace between two markers the child wrote to stderr. */
function between(trace: string[], from: string, to: string): string[] {
  const a = trace.findIndex((l) => l.includes(`MARK ${from}`));
  const b = trace.findIndex((l) => l.includes(`MARK ${to}`));
  expect(a).toBeGreaterThanOrEqual(0);
  expect(b).toBeGreaterThan(a);
  return trace.slice(a + 1, b);
}

const syncsOf = (lines: string[]) => lines.filter((l) => /\b(fsync|fdatasync)\(\d+<[^>]*balcao\.db(-wal)?>\)/.test(l));

describe('durability at the syscall level', () => {
  it('cart edits make no fsync; finalize makes one fsync of the WAL before it returns', async () => {
    const dir = tempDir();
    const trace = await traced(dir);
    expect(syncsOf(between(trace, 'cart-begin', 'cart-end'))).toEqual([]);
    const fin = syncsOf(between(trace, 'finalize-begin', 'finalize-end'));
    expect(fin).toHaveLength(1);
    expect(fin[0]).toMatch(/balcao\.db-wal>/);

    // And what that fsync covered is there for the next process.
    const core = await createTestCore({ dataDir: dir, catalogCsv: '' });
    try {
      const row = core.db.prepare(`SELECT status, document_number, net_cents FROM sales WHERE status = 'finalizada'`).get();
      expect(row).toEqual({ status: 'finalizada', document_number: 1, net_cents: 3 * 2990 + 479 + 1099 });
      expect(core.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 1 });
    } finally {
      core.close();
    }
  }, 60_000);
});
