import { describe, expect, it } from 'vitest';
import { runRetaguardaCrashRounds } from '../../test-support/retaguarda-crash-rounds';

/**
 * Issue 23, "Reliability": kill -9 of the server mid-batch, of the till mid-upload, and a PostgreSQL restart,
 * ROUNDS rounds each: 0 sales lost, 0 duplicated, counted on the till and on the server. A round costs a few
 * seconds (a process started again, on a loaded 2-core machine ~4 s), so the suite runs 10 of each and
 * `npm run bench -- --only retaguarda-crash` runs the 100 of each (RETAGUARDA_CRASH_ROUNDS=100 here too).
 */
const ROUNDS = Number(process.env.RETAGUARDA_CRASH_ROUNDS) || 10;

describe('Retaguarda crash rounds (real till process, real server process, real PostgreSQL)', () => {
  it(`${ROUNDS} rounds each of kill -9 server mid-batch, kill -9 till mid-upload, PostgreSQL restart: every sale once on both sides`, async () => {
    const r = await runRetaguardaCrashRounds({ rounds: { server: ROUNDS, till: ROUNDS, postgres: ROUNDS } });
    expect(r.faults).toEqual({ server: ROUNDS, till: ROUNDS, postgres: ROUNDS });
    expect(r.salesReported).toBeGreaterThanOrEqual(3 * ROUNDS);
    expect(r.tillSales).toBeGreaterThanOrEqual(r.salesReported);
    expect(r.lostOnTill).toBe(0);
    expect(r.queuedWrong).toBe(0);
    expect(r.undelivered).toBe(0);
    expect(r.missingOnServer).toBe(0);
    expect(r.unknownOnServer).toBe(0);
    expect(r.serverSales).toBe(r.tillSales);
    expect(r.serverNumbers).toBe(r.tillSales);
    expect(r.serverLines).toBe(3 * r.tillSales);
  }, 1_800_000);
});
