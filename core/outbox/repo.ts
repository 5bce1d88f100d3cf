import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { ensureProceedingTable, holdsSql } from './kinds';
import { BLOCKED_MS, type EnqueueInput, type OutboxRow, type OutboxStatus } from './types';

interface Row {
  id: number;
  op_id: string;
  kind: string;
  channel: OutboxRow['channel'];
  ordering_key: string;
  seq: number;
  sale_id: string | null;
  payload_json: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_ms: number;
  last_error_code: string | null;
  last_error: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  discarded_reason: string | null;
  discarded_by: string | null;
}

/** A stored payload as written; undefined when the text is not JSON (its delivery then goes to a person, see worker.ts). */
function storedPayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function fromRow(r: Row): OutboxRow {
  return {
    id: r.id,
    opId: r.op_id,
    kind: r.kind,
    channel: r.channel,
    orderingKey: r.ordering_key,
    seq: r.seq,
    saleId: r.sale_id,
    payload: storedPayload(r.payload_json),
    status: r.status,
    attempts: r.attempts,
    nextAttemptMs: r.next_attempt_ms,
    lastErrorCode: r.last_error_code,
    lastError: r.last_error,
    result: r.result_json === null ? null : JSON.parse(r.result_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneAt: r.done_at,
    discardedReason: r.discarded_reason,
    discardedBy: r.discarded_by,
  };
}

export type OutboxDbRow = Row;

/**
 * Writes outbox rows. `enqueue` joins the CALLER's transaction (better-sqlite3
 * transactions nest as savepoints): call it inside the same `db.transaction`
 * that commits the domain change, so both land or neither does.
 */
export class OutboxRepo {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly newId: () => string = () => randomUUID().toUpperCase(),
    /** Told after each enqueue (compose: a deferred worker.kick(), so a caller that forgets to kick still gets delivered). */
    private readonly onEnqueue?: () => void,
  ) {
    ensureProceedingTable(db);
    this.q = {
      nextSeq: db.prepare<[string, string], { n: number; open: number }>(
        `SELECT coalesce(max(p.seq), 0) + 1 AS n, coalesce(sum(${holdsSql('o')}), 0) AS open
         FROM outbox p, (SELECT ? AS kind) o WHERE p.ordering_key = ?`,
      ),
      insert: db.prepare(
        `INSERT INTO outbox (op_id, kind, channel, ordering_key, seq, sale_id, payload_json, status, attempts, next_attempt_ms, created_at, updated_at)
         VALUES (@opId, @kind, @channel, @orderingKey, @seq, @saleId, @payload, 'pending', 0, @nextMs, @at, @at)`,
      ),
      byId: db.prepare<[number], Row>(`SELECT * FROM outbox WHERE id = ?`),
      byOpId: db.prepare<[string], Row>(`SELECT * FROM outbox WHERE op_id = ?`),
      bySale: db.prepare<[string], Row>(`SELECT * FROM outbox WHERE sale_id = ? ORDER BY ordering_key, seq`),
      undeliveredItems: db.prepare<[string, string], { n: number }>(
        `SELECT coalesce(sum(json_array_length(payload_json, ?)), 0) AS n FROM outbox
          WHERE kind = ? AND status IN ('pending', 'sending', 'retrying', 'attention')`,
      ),
    };
  }

  /** Adds one row (inside the caller's transaction when there is one). Returns it with its fixed opId. */
  enqueue(input: EnqueueInput): OutboxRow {
    const run = () => {
      const at = this.now();
      const { n: seq, open } = this.q.nextSeq.get(input.kind, input.orderingKey)!;
      const info = this.q.insert.run({
        opId: input.opId ?? this.newId(),
        kind: input.kind,
        channel: input.channel,
        orderingKey: input.orderingKey,
        seq,
        saleId: input.saleId ?? null,
        payload: JSON.stringify(input.payload),
        // Behind an open row of the same sale: parked until that one is released (see BLOCKED_MS).
        nextMs: open > 0 ? BLOCKED_MS : at.getTime(),
        at: at.toISOString(),
      });
      return fromRow(this.q.byId.get(Number(info.lastInsertRowid))!);
    };
    const row = this.db.inTransaction ? run() : this.db.transaction(run).immediate();
    this.onEnqueue?.();
    return row;
  }

  get(id: number): OutboxRow | null {
    const r = this.q.byId.get(id);
    return r ? fromRow(r) : null;
  }

  byOpId(opId: string): OutboxRow | null {
    const r = this.q.byOpId.get(opId);
    return r ? fromRow(r) : null;
  }

  forSale(saleId: string): OutboxRow[] {
    return this.q.bySale.all(saleId).map(fromRow);
  }

  /**
   * How many items a kind's rows not delivered yet (waiting, being sent, retrying or waiting for a person) carry
   * in the payload array at `arrayPath` (a JSON path, e.g. `$.records`): counted by SQLite, no payload parsed here.
   */
  undeliveredItems(kind: string, arrayPath: string): number {
    return this.q.undeliveredItems.get(arrayPath, kind)!.n;
  }
}
