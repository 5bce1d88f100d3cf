import { describe, expect, it } from 'vitest';
import { runOutboxCrashRounds } from '../../test-support/outbox-crash-rounds';

describe('outbox crash proof', () => {
  it('50 rounds of SIGKILL while selling and delivering: every sale and row present, resumed, each operation applied exactly once', async () => {
    const r = await runOutboxCrashRounds({ rounds: 50, salesPerRound: 3 });
    expect(r.salesReported).toBeGreaterThan(0);
    expect(r.sales).toBeGreaterThanOrEqual(r.salesReported);
    expect(r.lostSales).toBe(0);
    expect(r.salesWithoutOps).toBe(0);
    expect(r.operations).toBe(2 * r.sales);
    expect(r.undelivered).toBe(0);
    expect(r.missingEffects).toBe(0);
    expect(r.duplicates).toBe(0);
  }, 600_000);
});
