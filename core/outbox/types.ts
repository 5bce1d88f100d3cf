/**
 * The outbox contract every capability codes against (loyalty, payments,
 * users/cancellation). The repo (`repo.ts`) writes rows inside the caller's
 * transaction; the worker (`worker.ts`) delivers them through the handler
 * registered for the row's kind.
 */

export type OutboxChannel = 'hub' | 'payment' | 'retaguarda';

export type OutboxStatus = 'pending' | 'sending' | 'retrying' | 'done' | 'attention' | 'discarded';

export interface OutboxRow {
  id: number;
  /** Idempotency key sent to the partner; fixed at creation, reused on every attempt. */
  opId: string;
  kind: string;
  channel: OutboxChannel;
  orderingKey: string;
  seq: number;
  saleId: string | null;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptMs: number;
  lastErrorCode: string | null;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
  discardedReason: string | null;
  discardedBy: string | null;
}

export interface EnqueueInput {
  /** Default: a new uppercase UUID (the hub's GUID form). Pass the GUID already inside `payload` when there is one. */
  opId?: string;
  kind: string;
  channel: OutboxChannel;
  /** Rows with the same key are delivered strictly in the order they were enqueued. Usually the sale id. */
  orderingKey: string;
  saleId?: string | null;
  payload: unknown;
}

/** What a handler tells the worker after one delivery attempt. */
export type DeliveryOutcome =
  /** `keepPayload`: what stays stored once delivered (e.g. the body without personal data); default: the payload as is. */
  | { status: 'done'; result?: unknown; keepPayload?: unknown }
  /** Communication failure (down, timeout, 5xx, dropped): retried with backoff, same opId. */
  | { status: 'retry'; code: string; message: string; retryAfterMs?: number }
  /** Business error (400) or out-of-standard answer: never retried blindly; a person decides. */
  | { status: 'attention'; code: string; message: string; result?: unknown };

export interface DeliveryContext {
  /** Earlier rows of the same ordering key (already delivered, in attention, or discarded), in seq order. */
  previous: OutboxRow[];
}

/** One per kind (exact kind, e.g. 'hub.GerarBonus'). Must not throw for expected failures: return an outcome. */
export type DeliveryHandler = (row: OutboxRow, ctx: DeliveryContext) => Promise<DeliveryOutcome>;

export interface OutboxChannelState {
  channel: OutboxChannel;
  online: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface OutboxSummary {
  pending: number;
  sending: number;
  retrying: number;
  attention: number;
  channels: OutboxChannelState[];
}

/**
 * `next_attempt_ms` of a row waiting for an earlier row of its ordering key
 * (strict per-sale order): out of the due range until that row is done or
 * discarded, so a long queue never rescans rows that cannot go yet.
 */
export const BLOCKED_MS = 9_000_000_000_000_000;

/** Statuses that release the next row of the same ordering key. A row in 'attention' holds the rest of its sale until a person resends or discards it. */
export const RELEASED = ['done', 'discarded'] as const;

/** Statuses the Sincronização screen shows (work still to do). */
export const OPEN_STATUSES = ['pending', 'sending', 'retrying', 'attention'] as const;

/**
 * Rows of a sale go strictly in order, and a row that needs a person
 * (attention) holds the rows after it — except these kinds, which follow once
 * the earlier rows are SETTLED (done, attention or discarded): each hub
 * operation is its own effect at the partner (a refused ResgatarSaldo keeps
 * the discount and the bonus still goes; a refused GerarBonus is followed by
 * its EstornarVenda), and a refund must not wait for a person to settle a
 * refused cancel. The refusal itself stays in "Sincronização" for a person.
 */
export const PROCEEDS_AFTER_ATTENTION = ['hub.*', 'payment.refund'] as const;

/** SQL: does earlier row `p` hold row `<outer>`? */
export function holdsSql(outer: string): string {
  return `(p.status NOT IN ('done', 'discarded') AND NOT (p.status = 'attention' AND (${outer}.kind LIKE 'hub.%' OR ${outer}.kind = 'payment.refund')))`;
}
