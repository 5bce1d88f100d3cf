import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestCore } from '../../test-support/fixtures';
import { createFileLog } from './log';
import { tempDir } from '../../test-support/fixtures';

describe('file log', () => {
  it('appends timestamped lines to <dataDir>/logs/balcao.log', async () => {
    const dir = tempDir();
    const l = createFileLog(dir, () => new Date('2026-11-23T10:00:00Z'), null);
    l.log('primeira linha');
    l.log('segunda');
    await l.close();
    expect(fs.readFileSync(l.file, 'utf8')).toBe('2026-11-23T10:00:00.000Z primeira linha\n2026-11-23T10:00:00.000Z segunda\n');
  });

  it('the core logs unexpected failures there, not to the screen', async () => {
    const core = await createTestCore();
    core.db.exec('DROP TABLE payments'); // sabotage: the next payment hits an internal error
    await core.dispatch('sales.scan', { text: '1' });
    const r = await core.dispatch('sales.addPayment', { formCode: 1, amountCents: 100 });
    expect(r.ok).toBe(false);
    core.close();
    // The buffered stream flushes on close: wait for the line itself (not for a fixed time).
    const read = () => fs.readFileSync(`${core.dataDir}/logs/balcao.log`, 'utf8');
    await expect.poll(read, { timeout: 15_000 }).toMatch(/\[erro\] sales\.addPayment: .*no such table: (main\.)?payments/);
  });
});
