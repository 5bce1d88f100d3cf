import type { Db } from '../db/open';
import type { OutboxDbRow } from './repo';
import { ensureProceedingTable, holdsSql } from './kinds';
import { BLOCKED_MS } from './types';

const RELEASED_SQL = `('done', 'discarded')`;

/** A due row as the worker picks it. */
export interface ReadyRow {
  id: number;
  ordering_key: string;
  channel: OutboxDbRow['channel'];
  next_attempt_ms: number;
}

/** The worker's prepared statements (every due-row read walks outbox_status_next in order; no sort, no table scan). */
export function workerStatements(db: Db) {
  ensureProceedingTable(db);
  // Due rows of one status, in index order (outbox_status_next, migration 012): no sort, stops at the limit.
  // Only what picking needs: the full rows (payloads) are read for the ones claimed.
  const ready = (status: string) =>
    db.prepare<[number, number], ReadyRow>(
      `SELECT o.id, o.ordering_key, o.channel, o.next_attempt_ms FROM outbox o
       WHERE o.status = '${status}' AND o.next_attempt_ms <= ?
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq AND ${holdsSql('o')})
       ORDER BY o.next_attempt_ms LIMIT ?`,
    );
  return {
    recover: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_ms = ?, updated_at = ? WHERE status = 'sending'`),
    // After a crash between a release and its successor's unblock (or rows from before BLOCKED_MS existed).
    repairBlocked: db.prepare(
      `UPDATE outbox SET next_attempt_ms = ? WHERE status IN ('pending', 'retrying') AND next_attempt_ms = ${BLOCKED_MS}
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ordering_key = outbox.ordering_key AND p.seq < outbox.seq AND ${holdsSql('outbox')})`,
    ),
    readyPending: ready('pending'),
    readyRetrying: ready('retrying'),
    nextDue: db.prepare<[], { ms: number | null }>(
      `SELECT min(ms) AS ms FROM (
         SELECT min(next_attempt_ms) AS ms FROM outbox WHERE status = 'pending' AND next_attempt_ms < ${BLOCKED_MS}
         UNION ALL SELECT min(next_attempt_ms) FROM outbox WHERE status = 'retrying' AND next_attempt_ms < ${BLOCKED_MS})`,
    ),
    previous: db.prepare<[string, number], OutboxDbRow>(`SELECT * FROM outbox WHERE ordering_key = ? AND seq < ? ORDER BY seq`),
    claim: db.prepare(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status IN ('pending', 'retrying')`,
    ),
    done: db.prepare(
      `UPDATE outbox SET status = 'done', result_json = ?, payload_json = coalesce(?, payload_json), last_error_code = NULL, last_error = NULL, done_at = ?, updated_at = ? WHERE id = ?`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET status = 'retrying', next_attempt_ms = ?, last_error_code = ?, last_error = ?, updated_at = ? WHERE id = ?`,
    ),
    attention: db.prepare(
      `UPDATE outbox SET status = 'attention', last_error_code = ?, last_error = ?, result_json = ?, updated_at = ? WHERE id = ?`,
    ),
    // The next row of the key goes as soon as nothing before it is open.
    release: db.prepare(
      `UPDATE outbox SET next_attempt_ms = ? WHERE ordering_key = ? AND status IN ('pending', 'retrying') AND next_attempt_ms = ${BLOCKED_MS}
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ordering_key = outbox.ordering_key AND p.seq < outbox.seq AND ${holdsSql('outbox')})`,
    ),
    wakeChannel: db.prepare(
      `UPDATE outbox SET next_attempt_ms = ? WHERE status = 'retrying' AND channel = ? AND next_attempt_ms > ? AND next_attempt_ms < ${BLOCKED_MS}`,
    ),
    resendOne: db.prepare(
      `UPDATE outbox SET status = CASE status WHEN 'attention' THEN 'retrying' ELSE status END, next_attempt_ms = ?, updated_at = ?
       WHERE id = ? AND status IN ('retrying', 'attention', 'pending') AND next_attempt_ms <> ${BLOCKED_MS}`,
    ),
    resendAll: db.prepare(
      `UPDATE outbox SET status = CASE status WHEN 'attention' THEN 'retrying' ELSE status END, next_attempt_ms = ?, updated_at = ?
       WHERE status IN ('retrying', 'attention') AND next_attempt_ms <> ${BLOCKED_MS}`,
    ),
    discard: db.prepare(
      `UPDATE outbox SET status = 'discarded', discarded_reason = ?, discarded_by = ?, done_at = ?, updated_at = ?
       WHERE id = ? AND status IN ('pending', 'retrying', 'attention')`,
    ),
    prune: db.prepare(
      `DELETE FROM outbox WHERE status IN ${RELEASED_SQL} AND done_at < ?
         AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.ordering_key = outbox.ordering_key AND n.seq > outbox.seq AND n.status NOT IN ${RELEASED_SQL})`,
    ),
    counts: db.prepare<[], { status: string; n: number }>(`SELECT status, n FROM outbox_counts`),
    byOpIds: (n: number) => db.prepare<string[], OutboxDbRow>(`SELECT * FROM outbox WHERE op_id IN (${Array(n).fill('?').join(',')})`),
    byId: db.prepare<[number], OutboxDbRow>(`SELECT * FROM outbox WHERE id = ?`),
  };
}
