import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../app/paths';
import type { Sale } from '../../shared/api/sales';
import { createTestCore, tempDir } from '../../test-support/fixtures';

let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
afterEach(() => core?.close());

function runChildUntil(dataDir: string, codes: string[], waitFor: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'test-support/children/sale-crash-child.ts'), dataDir, codes.join(',')],
      { cwd: projectRoot, env: { ...process.env, IMPORT: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(waitFor)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(null) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('crash restore', () => {
  it('a process killed with SIGKILL mid-sale gets its cart back on restart', async () => {
    const dir = tempDir();
    await runChildUntil(dir, ['3*7891234567895', '96385074', '5', '2*6'], 'idle');
    core = await createTestCore({ dataDir: dir, catalogCsv: '' });
    const r = await core.dispatch('sales.current', {});
    expect(r.ok).toBe(true);
    const sale = (r as { ok: true; value: Sale }).value;
    expect(sale.status).toBe('aberta');
    expect(sale.lines.map((l) => [l.productCode, l.quantity])).toEqual([
      [1, 3],
      [4, 1],
      [5, 1],
      [6, 2],
    ]);
    expect(sale.totals.netCents).toBe(3 * 2990 + 479 + 1099 + 2 * 1890);
  }, 30_000);

  it('every scan reported before the kill is on disk, even when killed between scans', async () => {
    const dir = tempDir();
    const codes = Array.from({ length: 40 }, (_, i) => String((i % 6) + 1));
    await runChildUntil(dir, codes, 'scanned 17\n');
    core = await createTestCore({ dataDir: dir, catalogCsv: '' });
    const r = await core.dispatch('sales.current', {});
    const sale = (r as { ok: true; value: Sale }).value;
    // At least the 17 acknowledged scans survived, in order (a few more may have committed before the kill landed).
    expect(sale.lines.length).toBeGreaterThanOrEqual(17);
    expect(sale.lines.map((l) => String(l.productCode))).toEqual(codes.slice(0, sale.lines.length));
  }, 30_000);
});
