/**
 * Child process for the crash-restore test: sells until it is killed.
 * Prints "scanned <n>" after each committed scan.
 */
import { createTestCore } from '../fixtures';

const [dataDir, codes] = process.argv.slice(2);
const core = await createTestCore({ dataDir, catalogCsv: process.env.IMPORT === '1' ? undefined : '' });
for (const [i, text] of codes.split(',').entries()) {
  const r = await core.dispatch('sales.scan', { text });
  if (!r.ok) throw new Error(r.error.message);
  process.stdout.write(`scanned ${i + 1}\n`);
}
process.stdout.write('idle\n');
// Keep running (mid-sale) until the parent kills us.
setInterval(() => {}, 1000);
