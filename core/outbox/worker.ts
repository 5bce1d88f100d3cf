import type { Db } from '../db/open';
import { BackgroundQueue } from '../kernel/background';
import { immediateTransaction } from '../db/durable';
import { OutboxChanges } from './changes';
import { backoffDelay, ChannelStates } from './channels';
import { discardRow, pruneHistory, resendRows } from './decisions';
import { fromRow } from './repo';
import { readReady, writeOutcome } from './rows';
import { workerStatements, type ReadyRow } from './statements';
import { OutboxChannelState } from '../../shared/api/outbox';
import { attempt, INVALID_PAYLOAD } from './attempt';
import { OutboxKinds, type OutboxKind } from './kinds';
import type { DeliveryOutcome, OutboxChannel, OutboxRow, OutboxSummary } from './types';

export { backoffDelay } from './channels';

interface OutboxWorkerDeps {
  db: Db;
  now: () => Date;
  log: (line: string) => void;
  /** Called after state changes (the badge's live update), coalesced to at most one call per `changeThrottleMs`. */
  onChange?: (summary: OutboxSummary) => void;
  changeThrottleMs?: number;
  /** How many ordering keys (sales) are delivered at once. */
  concurrency?: number;
  /** Backoff: first delay and cap (ms). Default 1 s → 5 min. */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
  /** Answers arriving within this window share one commit (default 2 ms: commits are not fsync'd (synchronous=NORMAL), so the window only groups answers that arrive together; all in-flight answered → at once). */
  flushWindowMs?: number;
  /** Days a delivered/discarded row is kept as history (read at each prune). Default 30. */
  keepDays?: () => number;
  /** Where the drain's main-thread work runs, one job per turn of the loop (compose shares it with a partner's HTTP thread). */
  background?: BackgroundQueue;
  /** The kinds channels register (compose shares it with the query); default: the worker's own. */
  kinds?: OutboxKinds;
}

/** Outcomes written per flush transaction (one event-loop task). */
const FLUSH_CHUNK = 2;
/** Rows claimed (and handed to their deliveries) per transaction / background job. */
const CLAIM_CHUNK = 2;

/**
 * Delivers outbox rows: independent ordering keys in parallel (bounded), one
 * key's rows strictly in seq order (a row waits until every earlier row is
 * done or discarded), communication failures retried with capped exponential
 * backoff + jitter honouring Retry-After (same opId every time), business /
 * out-of-standard failures parked for a person ('attention'). Rows left
 * 'sending' by a crash go back to pending at start. Delivered rows are kept
 * and pruned after `keepDays`.
 */
export class OutboxWorker {
  /** What each channel registered: payload schema, delivery, ordering policy (kinds.ts). */
  readonly kinds: OutboxKinds;
  private readonly inFlight = new Set<string>();
  /** Connectivity per partner channel and the circuit breaker while one is offline. */
  private readonly channels: ChannelStates;
  private readonly changes: OutboxChanges;
  private timer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private readonly outcomes: { row: OutboxRow; outcome: DeliveryOutcome }[] = [];
  private flushQueued = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private pumpAgain = false;
  private pumpQueued = false;
  private readonly q: ReturnType<typeof workerStatements>;
  /** Due rows read ahead, in pick order (see READ_AHEAD in rows.ts). */
  private ahead: ReadyRow[] = [];
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly random: () => number;
  private readonly bg: BackgroundQueue;
  private readonly retryDelay = (attempt: number, retryAfterMs?: number) => backoffDelay(attempt, this.backoff, this.random, retryAfterMs);

  constructor(private readonly deps: OutboxWorkerDeps) {
    const db = deps.db;
    this.bg = deps.background ?? new BackgroundQueue((err) => deps.log(`[outbox] falha inesperada: ${err instanceof Error ? err.message : String(err)}`));
    this.concurrency = deps.concurrency ?? 16;
    this.backoff = deps.backoff ?? { baseMs: 1000, capMs: 5 * 60_000 };
    this.random = deps.random ?? Math.random;
    this.kinds = deps.kinds ?? new OutboxKinds(db);
    this.q = workerStatements(db);
    // Every channel the contract lists for "Sincronização", in its order.
    this.channels = new ChannelStates(OutboxChannelState.shape.channel.options, this.backoff.baseMs);
    const onChange = deps.onChange;
    // A late change (a partner call failing after close) must not read a closed database.
    this.changes = new OutboxChanges(onChange && (() => deps.db.open && onChange(this.summary())), deps.changeThrottleMs ?? 150);
  }

  /** Registers one kind ('<channel>.<name>'): its payload schema, delivery and ordering policy (once, at start). */
  register<P>(kind: string, spec: OutboxKind<P>): void {
    this.kinds.define(kind, spec);
  }

  /** Crash recovery ('sending' → pending, same opId), unblocks what a crash left parked, prunes history, then delivers. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.changes.resume();
    const at = this.deps.now();
    this.deps.db.transaction(() => {
      const n = this.q.recover.run(at.getTime(), at.toISOString()).changes;
      if (n > 0) this.deps.log(`[outbox] ${n} operação(ões) interrompida(s) voltam para a fila (mesmo identificador)`);
      this.q.repairBlocked.run(at.getTime());
    })();
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), 6 * 3_600_000);
    this.pruneTimer.unref?.();
    this.kick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.changes.stop();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.timer = this.pruneTimer = null;
  }

  /** Deliver now what is due (call after enqueueing). */
  kick(): void {
    this.ahead = []; // something was enqueued, resent or discarded: read the ready list again
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.changed();
    void this.pump();
  }

  /**
   * A call on this channel just succeeded (the worker's or the sale screen's):
   * connectivity is back, so rows waiting out their backoff go now.
   */
  notifyOnline(channel: OutboxChannel): void {
    const { wasOffline, lookForWaiting } = this.channels.markOnline(channel);
    const nowMs = this.deps.now().getTime();
    const woke = lookForWaiting ? this.q.wakeChannel.run(nowMs, channel, nowMs).changes : 0;
    if (wasOffline || woke > 0) {
      if (woke > 0) this.deps.log(`[outbox] ${channel} respondeu: ${woke} operação(ões) reenviada(s) agora`);
      this.kick();
    }
  }

  /** A call on this channel failed to communicate: offline, probed with a growing interval (ChannelStates.markOffline). */
  notifyOffline(channel: OutboxChannel, message: string): void {
    this.channels.markOffline(channel, message, this.deps.now());
    this.changed();
  }

  /** Whether the last call on this channel reached the partner. */
  isOnline(channel: OutboxChannel): boolean {
    return this.channels.isOnline(channel);
  }

  /** Counts from `outbox_counts` (kept by triggers): six rows, never a table scan. */
  summary(): OutboxSummary {
    const s: OutboxSummary = { pending: 0, sending: 0, retrying: 0, attention: 0, channels: this.channels.snapshot() };
    for (const r of this.q.counts.all()) if (r.status in s && r.status !== 'channels') (s as unknown as Record<string, number>)[r.status] = r.n;
    return s;
  }

  /** "Reenviar agora": one row (retrying or needs-attention) or all of them, now, with the same opId. Returns how many. */
  resend(id?: number): number {
    const n = resendRows(this.q, id, this.deps.now());
    if (n > 0) this.deps.log(`[outbox] reenviar agora: ${n} operação(ões)`);
    this.channels.probeNow(); // a person asked: probe an offline partner now
    this.kick();
    return n;
  }

  /** "Descartar": the partner will never hear about this row; the reason and who decided are kept. */
  discard(id: number, reason: string, by: string): OutboxRow {
    const row = discardRow(this.deps.db, this.q, id, reason, by, this.deps.now());
    this.deps.log(`[outbox] ${row.kind} ${row.opId} descartada por ${by}: ${reason.trim()}`);
    this.kick();
    return row;
  }

  /** Deletes delivered/discarded rows older than `keepDays` (never one a later open row of its sale may still read). */
  prune(): number {
    const days = Math.max(1, this.deps.keepDays?.() ?? 30);
    const n = pruneHistory(this.q, days, this.deps.now());
    if (n > 0) this.deps.log(`[outbox] histórico: ${n} operação(ões) com mais de ${days} dias removida(s)`);
    return n;
  }

  /**
   * Resolves when every given row is terminal or being retried after a
   * failure, or at the timeout. Returns the rows as they are then.
   */
  async waitFor(opIds: string[], timeoutMs: number): Promise<OutboxRow[]> {
    const read = () => (opIds.length ? this.q.byOpIds(opIds.length).all(...opIds).map(fromRow) : []);
    const settled = (rows: OutboxRow[]) => rows.every((r) => r.status !== 'pending' && r.status !== 'sending');
    await this.until(() => settled(read()), timeoutMs);
    return read();
  }

  /** Resolves true when `test()` holds (checked on every change), false at the timeout. */
  until(test: () => boolean, timeoutMs: number): Promise<boolean> {
    return this.changes.until(test, timeoutMs);
  }

  private changed(): void {
    this.changes.changed();
  }

  /**
   * Picks due rows (CLAIM_CHUNK at a time; one per sale; one probe per offline
   * channel), claims them as 'sending' in one transaction and starts their
   * deliveries; more free slots are filled by the next background job.
   */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        if (!this.running || this.concurrency - this.inFlight.size <= 0) break;
        const claimed = immediateTransaction(this.deps.db, () => this.pickAndClaim(CLAIM_CHUNK));
        if (claimed.length === 0) continue;
        this.changed();
        for (const row of claimed) void this.deliver(row);
        // More free slots and rows: the rest is claimed by a background job of its own (short tasks).
        if (claimed.length === CLAIM_CHUNK && this.concurrency > this.inFlight.size) this.queuePump();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.running || this.timer) return;
    const next = this.q.nextDue.get()?.ms;
    if (next === null || next === undefined) return;
    let delay = Math.max(0, next - this.deps.now().getTime());
    if (delay === 0) {
      if (this.inFlight.size > 0) return; // a finishing delivery pumps again
      // Due but held (channel offline between probes, or an unreleased earlier row): look again at the next probe, never spin.
      const nowMs = this.deps.now().getTime();
      const nextProbe = this.channels.nextProbeMs();
      delay = Number.isFinite(nextProbe) && nextProbe > nowMs ? nextProbe - nowMs : 1000;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, Math.min(delay, 2 ** 31 - 1));
    this.timer.unref?.();
  }

  /** Due rows (one per sale, one probe per offline channel) marked 'sending'; call inside a transaction. */
  private pickAndClaim(limit: number): OutboxRow[] {
    const free = Math.min(limit, this.concurrency - this.inFlight.size);
    if (!this.running || free <= 0) return [];
    const nowMs = this.deps.now().getTime();
    const claimed: OutboxRow[] = [];
    // Rows read ahead first; when they do not fill the free slots, the ready list once more (it may hold
    // rows released since: the next row of a sale whose earlier one was just delivered).
    const wasAhead = this.ahead.length > 0;
    this.ahead = this.claimFrom(wasAhead ? this.ahead : readReady(this.q, nowMs), free, nowMs, claimed);
    if (wasAhead && claimed.length < free && this.inFlight.size < this.concurrency) {
      this.ahead = this.claimFrom(readReady(this.q, nowMs), free, nowMs, claimed);
    }
    return claimed;
  }

  /**
   * Claims from `rows` into `claimed` (up to `free`); returns the rows to keep for later: the ones not reached
   * and the ones waiting for their offline channel's probe. A row whose sale is in flight is dropped (read
   * again when due); the claim re-checks the status, so a row resent, discarded or delivered since it was read
   * is skipped.
   */
  private claimFrom(rows: ReadyRow[], free: number, nowMs: number, claimed: OutboxRow[]): ReadyRow[] {
    const at = new Date(nowMs).toISOString();
    const kept: ReadyRow[] = [];
    for (const r of rows) {
      if (claimed.length >= free || this.inFlight.size >= this.concurrency) {
        kept.push(r);
        continue;
      }
      if (this.inFlight.has(r.ordering_key)) continue;
      if (!this.channels.mayDeliver(r.channel, nowMs)) {
        kept.push(r); // waits for the probe (or a counter call) to find the partner back
        continue;
      }
      const full = this.q.byId.get(r.id); // as it is before the claim (attempts counted by the delivery)
      if (!full || this.q.claim.run(at, r.id).changes === 0) continue;
      const row = fromRow(full);
      this.inFlight.add(row.orderingKey);
      this.channels.delivering(row.channel);
      claimed.push(row);
    }
    return kept;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const outcome = await attempt(this.kinds, row, (r) => (r.seq > 1 ? this.q.previous.all(r.orderingKey, r.seq).map(fromRow) : []), this.deps.log);
    this.outcomes.push({ row, outcome });
    // Every delivery in flight has answered: write now (as background work). Otherwise gather the answers
    // of a short window into one commit. Either way the write is a job of the background queue: one per
    // turn of the loop, after the I/O of that turn (a scan, a click) has been served.
    if (this.outcomes.length >= this.inFlight.size) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = null;
      this.queueFlush();
    } else if (!this.flushTimer && !this.flushQueued) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.queueFlush();
      }, this.deps.flushWindowMs ?? 2);
    }
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.bg.run(() => this.flush());
  }

  /**
   * Group commit: the outcomes gathered so far are written in ONE transaction
   * (at most FLUSH_CHUNK of them: one background job stays well under a
   * millisecond, and the rest follow in the next ones), the sales' keys are
   * freed, and a pump job claims their next rows. A crash before the flush
   * leaves those rows 'sending': recovered at start and re-sent with the same
   * opId (the partner answers from its idempotency).
   */
  private flush(): void {
    this.flushQueued = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.outcomes.splice(0, FLUSH_CHUNK);
    if (batch.length === 0) return;
    if (!this.deps.db.open) return;
    const at = this.deps.now();
    immediateTransaction(this.deps.db, () => {
      for (const { row, outcome } of batch) writeOutcome(this.q, row, outcome, at, this.retryDelay);
      for (const { row } of batch) this.release(row);
      // Connectivity (a success brings the channel back before the next rows are picked).
      for (const { row, outcome } of batch) this.report(row, outcome);
    });
    this.changed();
    if (this.outcomes.length > 0) this.queueFlush();
    // The freed slots are filled by a job of their own (claim + hand the requests over).
    this.queuePump();
  }

  private queuePump(): void {
    if (this.pumpQueued || !this.running) return;
    this.pumpQueued = true;
    this.bg.run(() => {
      this.pumpQueued = false;
      void this.pump();
    });
  }

  private release(row: OutboxRow): void {
    this.inFlight.delete(row.orderingKey);
    this.channels.delivered(row.channel);
  }

  private report(row: OutboxRow, outcome: DeliveryOutcome): void {
    const attempt = row.attempts + 1;
    if (outcome.status === 'done') {
      this.deps.log(`[outbox] ${row.kind} ${row.opId} entregue (tentativa ${attempt})`);
      this.notifyOnline(row.channel);
    } else if (outcome.status === 'retry') {
      this.deps.log(`[outbox] ${row.kind} ${row.opId} nova tentativa (tentativa ${attempt} falhou): ${outcome.message}`);
      this.notifyOffline(row.channel, outcome.message);
    } else {
      this.deps.log(`[outbox] ${row.kind} ${row.opId} precisa de atenção: ${outcome.message}`);
      // The partner answered (with a refusal): the channel is reachable. A payload refused here never reached it.
      if (outcome.code !== INVALID_PAYLOAD && !this.channels.isOnline(row.channel)) this.notifyOnline(row.channel);
    }
  }
}
