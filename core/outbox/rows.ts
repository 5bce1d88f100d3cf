import type { ReadyRow, workerStatements } from './statements';
import type { DeliveryOutcome, OutboxRow } from './types';

type Statements = ReturnType<typeof workerStatements>;

/**
 * Due rows read per query of the ready list. Finding due rows (index walk + the per-sale ordering check) costs
 * ~0.15 ms a query whatever the limit up to a few dozen, so it is read once for many claims instead of once per
 * claim; what is read ahead is dropped as soon as anything but the drain itself changes the queue.
 */
const READ_AHEAD = 32;

/** Due pending and retrying rows, READ_AHEAD of each at most, in pick order (earliest due first, then id). */
export function readReady(q: Statements, nowMs: number): ReadyRow[] {
  return [...q.readyPending.all(nowMs, READ_AHEAD), ...q.readyRetrying.all(nowMs, READ_AHEAD)].sort(
    (a, b) => a.next_attempt_ms - b.next_attempt_ms || a.id - b.id,
  );
}

/**
 * A delivery's outcome written to its row: done (the sale's next row is released), retry after
 * `retryDelay(attempt, retryAfterMs)`, or attention (rows that proceed after a refusal go on).
 */
export function writeOutcome(q: Statements, row: OutboxRow, outcome: DeliveryOutcome, at: Date, retryDelay: (attempt: number, retryAfterMs?: number) => number): void {
  const iso = at.toISOString();
  if (outcome.status === 'done') {
    const keep = outcome.keepPayload === undefined ? null : JSON.stringify(outcome.keepPayload);
    q.done.run(JSON.stringify(outcome.result ?? null), keep, iso, iso, row.id);
    q.release.run(at.getTime(), row.orderingKey);
  } else if (outcome.status === 'retry') {
    q.retry.run(at.getTime() + retryDelay(row.attempts + 1, outcome.retryAfterMs), outcome.code, outcome.message, iso, row.id);
  } else {
    q.attention.run(outcome.code, outcome.message, JSON.stringify(outcome.result ?? null), iso, row.id);
    q.release.run(at.getTime(), row.orderingKey); // PROCEEDS_AFTER_ATTENTION
  }
}
