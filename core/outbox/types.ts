import type { z } from 'zod';
import type { OutboxChannelState as ChannelStateView } from '../../shared/api/outbox';

/**
 * The outbox contract every channel codes against. The repo (`repo.ts`) writes rows inside the caller's
 * transaction; the worker (`worker.ts`) delivers them through the kind registered for the row
 * (`kinds.ts`: payload schema, delivery, ordering policy).
 */

/** The partner channels, as the contract lists them for "Sincronização" (shared/api/outbox.ts). */
export type OutboxChannel = z.infer<typeof ChannelStateView>['channel'];

export type OutboxStatus = 'pending' | 'sending' | 'retrying' | 'done' | 'attention' | 'discarded';

export interface OutboxRow<P = unknown> {
  id: number;
  /** Idempotency key sent to the partner; fixed at creation, reused on every attempt. */
  opId: string;
  kind: string;
  channel: OutboxChannel;
  orderingKey: string;
  seq: number;
  saleId: string | null;
  /** As stored (undefined when the stored text is not JSON): a delivery gets it parsed by its kind's schema. */
  payload: P;
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
  /** Default: a new uppercase UUID. Pass the GUID already inside `payload` when there is one. */
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

/** Statuses the Sincronização screen shows (work still to do). */
export const OPEN_STATUSES = ['pending', 'sending', 'retrying', 'attention'] as const;
