import type { Db } from '../db/open';
import { BackgroundQueue } from '../app/background';
import { AppError } from '../app/errors';
import { immediateTransaction } from '../db/durable';
import { fromRow } from './repo';
import { workerStatements, type ReadyRow } from './statements';
import {
  type DeliveryHandler,
  type DeliveryOutcome,
  type OutboxChannel,
  type OutboxChannelState,
  type OutboxRow,
  type OutboxSummary,
} from './types';

export interface OutboxWorkerDeps {
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
  /** Where the drain's main-thread work runs, one job per turn of the loop (compose shares it with the hub's HTTP thread). */
  background?: BackgroundQueue;
}

const DAY_MS = 86_400_000;
/** Longest wait between two probes of an offline partner: how late, at most, the queue notices it is back. */
export const PROBE_CAP_MS = 5_000;
/** Outcomes written per flush transaction (one event-loop task). */
const FLUSH_CHUNK = 2;
/** Rows claimed (and handed to their deliveries) per transaction / background job. */
const CLAIM_CHUNK = 2;
/**
 * Due rows read per query of the ready list. Finding due rows (index walk + the per-sale ordering check) costs
 * ~0.15 ms a query whatever the limit up to a few dozen, so it is read once for many claims instead of once per
 * claim; what is read ahead is dropped as soon as anything but the drain itself changes the queue.
 */
const READ_AHEAD = 32;

/** Capped exponential backoff with "equal jitter": half fixed, half random, so a fleet of rows does not retry in lockstep. */
export function backoffDelay(attempt: number, backoff: { baseMs: number; capMs: number }, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  // Retry-After is the partner telling us when: never earlier than that (within the cap).
  return Math.min(backoff.capMs, Math.max(jittered, retryAfterMs ?? 0));
}

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
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly inFlight = new Set<string>();
  /** Per channel while offline: one probe at a time, no earlier than `nextProbeMs` (a circuit breaker: a long outage costs ~1 call per interval, not one per row). */
  private readonly probes = new Map<OutboxChannel, { inFlight: number; failures: number; nextProbeMs: number }>();
  private readonly channels = new Map<OutboxChannel, OutboxChannelState>();
  private readonly waiters = new Set<() => void>();
  /** Channels that answered since start (the first answer also wakes rows a previous run left in backoff). */
  private readonly answered = new Set<OutboxChannel>();
  private timer: NodeJS.Timeout | null = null;
  private changeTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private readonly outcomes: { row: OutboxRow; outcome: DeliveryOutcome }[] = [];
  private flushQueued = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private pumpAgain = false;
  private pumpQueued = false;
  private readonly q: ReturnType<typeof workerStatements>;
  /** Due rows read ahead, in pick order (see READ_AHEAD). */
  private ahead: ReadyRow[] = [];
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly random: () => number;
  private readonly bg: BackgroundQueue;

  constructor(private readonly deps: OutboxWorkerDeps) {
    const db = deps.db;
    this.bg = deps.background ?? new BackgroundQueue((err) => deps.log(`[outbox] falha inesperada: ${err instanceof Error ? err.message : String(err)}`));
    this.concurrency = deps.concurrency ?? 16;
    this.backoff = deps.backoff ?? { baseMs: 1000, capMs: 5 * 60_000 };
    this.random = deps.random ?? Math.random;
    this.q = workerStatements(db);
    for (const c of ['hub', 'payment', 'retaguarda'] as const) {
      this.channels.set(c, { channel: c, online: true, lastError: null, lastErrorAt: null });
      this.probes.set(c, { inFlight: 0, failures: 0, nextProbeMs: 0 });
    }
  }

  /** Registers the delivery of one kind ('hub.GerarBonus', 'payment.refund', …). */
  register(kind: string, handler: DeliveryHandler): void {
    if (this.handlers.has(kind)) throw new Error(`outbox: handler registrado duas vezes: ${kind}`);
    this.handlers.set(kind, handler);
  }

  /** Crash recovery ('sending' → pending, same opId), unblocks what a crash left parked, prunes history, then delivers. */
  start(): void {
    if (this.running) return;
    this.running = true;
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
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.timer = this.changeTimer = this.pruneTimer = null;
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
    const state = this.channels.get(channel)!;
    const wasOffline = !state.online;
    state.online = true;
    const probe = this.probes.get(channel)!;
    probe.failures = 0;
    probe.nextProbeMs = 0;
    // Rows waiting out a backoff go now — looked for only when something could be waiting (the channel was
    // offline, or this is its first answer since start): not on every one of a drain's successes.
    const look = wasOffline || !this.answered.has(channel);
    this.answered.add(channel);
    const nowMs = this.deps.now().getTime();
    const woke = look ? this.q.wakeChannel.run(nowMs, channel, nowMs).changes : 0;
    if (wasOffline || woke > 0) {
      if (woke > 0) this.deps.log(`[outbox] ${channel} respondeu: ${woke} operação(ões) reenviada(s) agora`);
      this.kick();
    }
  }

  /**
   * A call on this channel failed to communicate. The probe interval doubles
   * per failed PROBE (1 s → 5 s): the burst of deliveries that were in flight
   * when the partner fell, and the second report of one failure (client hook +
   * worker), arrive before the next probe is due and do not push it further —
   * 16 rows failing together once made the first probe after recovery wait the
   * whole cap.
   */
  notifyOffline(channel: OutboxChannel, message: string): void {
    const state = this.channels.get(channel)!;
    const probe = this.probes.get(channel)!;
    const nowMs = this.deps.now().getTime();
    if (state.online || nowMs >= probe.nextProbeMs) {
      probe.failures = state.online ? 1 : probe.failures + 1;
      probe.nextProbeMs = nowMs + Math.min(PROBE_CAP_MS, this.backoff.baseMs * 2 ** Math.min(probe.failures - 1, 20));
    }
    state.online = false;
    state.lastError = message;
    state.lastErrorAt = this.deps.now().toISOString();
    this.changed();
  }

  /** Whether the last call on this channel reached the partner. */
  isOnline(channel: OutboxChannel): boolean {
    return this.channels.get(channel)!.online;
  }

  /** Counts from `outbox_counts` (kept by triggers): six rows, never a table scan. */
  summary(): OutboxSummary {
    const s: OutboxSummary = { pending: 0, sending: 0, retrying: 0, attention: 0, channels: [...this.channels.values()].map((c) => ({ ...c })) };
    for (const r of this.q.counts.all()) if (r.status in s && r.status !== 'channels') (s as unknown as Record<string, number>)[r.status] = r.n;
    return s;
  }

  /** "Reenviar agora": one row (retrying or needs-attention) or all of them, now, with the same opId. Returns how many. */
  resend(id?: number): number {
    const at = this.deps.now();
    const n = id === undefined ? this.q.resendAll.run(at.getTime(), at.toISOString()).changes : this.q.resendOne.run(at.getTime(), at.toISOString(), id).changes;
    if (id !== undefined && n === 0) {
      const row = this.q.byId.get(id);
      if (!row) throw new AppError('outbox.notFound', 'Operação de sincronização não encontrada.');
      if (row.status === 'sending') throw new AppError('outbox.sending', 'Esta operação está sendo enviada agora.');
      if (row.status === 'done' || row.status === 'discarded') throw new AppError('outbox.closed', 'Esta operação já foi concluída.');
      throw new AppError('outbox.waiting', 'Esta operação aguarda a anterior da mesma venda.');
    }
    if (n > 0) this.deps.log(`[outbox] reenviar agora: ${n} operação(ões)`);
    for (const p of this.probes.values()) p.nextProbeMs = 0; // a person asked: probe an offline partner now
    this.kick();
    return n;
  }

  /** "Descartar": the partner will never hear about this row; the reason and who decided are kept. */
  discard(id: number, reason: string, by: string): OutboxRow {
    const text = reason.trim();
    if (text.length < 3) throw new AppError('outbox.reasonRequired', 'Informe o motivo do descarte (mínimo 3 caracteres).');
    const at = this.deps.now();
    const row = this.deps.db.transaction(() => {
      const info = this.q.discard.run(text, by, at.toISOString(), at.toISOString(), id);
      const r = this.q.byId.get(id);
      if (!r) throw new AppError('outbox.notFound', 'Operação de sincronização não encontrada.');
      if (info.changes === 0) {
        throw new AppError(
          r.status === 'sending' ? 'outbox.sending' : 'outbox.closed',
          r.status === 'sending' ? 'Esta operação está sendo enviada agora; tente de novo em instantes.' : 'Esta operação já foi concluída.',
        );
      }
      this.q.release.run(at.getTime(), r.ordering_key);
      return fromRow(r);
    })();
    this.deps.log(`[outbox] ${row.kind} ${row.opId} descartada por ${by}: ${text}`);
    this.kick();
    return row;
  }

  /** Deletes delivered/discarded rows older than `keepDays` (never one a later open row of its sale may still read). */
  prune(): number {
    const days = Math.max(1, this.deps.keepDays?.() ?? 30);
    const n = this.q.prune.run(new Date(this.deps.now().getTime() - days * DAY_MS).toISOString()).changes;
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

  /** Resolves true when `test(summary)` holds (checked on every change), false at the timeout. */
  until(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const check = () => {
        if (test()) finish(true);
      };
      this.waiters.add(check);
    });
  }

  private changed(): void {
    for (const w of [...this.waiters]) w();
    if (!this.deps.onChange || this.changeTimer) return;
    const emit = () => {
      this.changeTimer = null;
      this.deps.onChange?.(this.summary());
    };
    const ms = this.deps.changeThrottleMs ?? 150;
    if (ms <= 0) return emit();
    this.changeTimer = setTimeout(emit, ms);
    this.changeTimer.unref?.();
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
      const nextProbe = Math.min(...[...this.probes.entries()].filter(([c]) => !this.channels.get(c)!.online).map(([, p]) => p.nextProbeMs));
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
    this.ahead = this.claimFrom(wasAhead ? this.ahead : this.readReady(nowMs), free, nowMs, claimed);
    if (wasAhead && claimed.length < free && this.inFlight.size < this.concurrency) {
      this.ahead = this.claimFrom(this.readReady(nowMs), free, nowMs, claimed);
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
      const probe = this.probes.get(r.channel)!;
      if (!this.channels.get(r.channel)!.online && (probe.inFlight > 0 || nowMs < probe.nextProbeMs)) {
        kept.push(r); // waits for the probe (or a counter call) to find the partner back
        continue;
      }
      const full = this.q.byId.get(r.id); // as it is before the claim (attempts counted by the delivery)
      if (!full || this.q.claim.run(at, r.id).changes === 0) continue;
      const row = fromRow(full);
      this.inFlight.add(row.orderingKey);
      probe.inFlight++;
      claimed.push(row);
    }
    return kept;
  }

  /** Due pending and retrying rows, READ_AHEAD of each at most, in pick order (earliest due first, then id). */
  private readReady(nowMs: number): ReadyRow[] {
    return [...this.q.readyPending.all(nowMs, READ_AHEAD), ...this.q.readyRetrying.all(nowMs, READ_AHEAD)].sort(
      (a, b) => a.next_attempt_ms - b.next_attempt_ms || a.id - b.id,
    );
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const handler = this.handlers.get(row.kind);
    let outcome: DeliveryOutcome;
    if (!handler) {
      outcome = { status: 'attention', code: 'outbox.noHandler', message: `Sem entrega registrada para ${row.kind}.` };
    } else {
      try {
        // Read only when a handler asks (most deliveries send the body built at enqueue).
        const q = this.q;
        let previous: OutboxRow[] | null = null;
        const ctx = {
          get previous() {
            return (previous ??= row.seq > 1 ? q.previous.all(row.orderingKey, row.seq).map(fromRow) : []);
          },
        };
        outcome = await handler({ ...row, status: 'sending', attempts: row.attempts + 1 }, ctx);
      } catch (err) {
        outcome = { status: 'retry', code: 'outbox.unexpected', message: err instanceof Error ? err.message : String(err) };
        this.deps.log(`[outbox] ${row.kind} ${row.opId}: falha inesperada: ${outcome.message}`);
      }
    }
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
      for (const { row, outcome } of batch) this.write(row, outcome, at);
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
    this.probes.get(row.channel)!.inFlight--;
  }

  private write(row: OutboxRow, outcome: DeliveryOutcome, at: Date): void {
    const iso = at.toISOString();
    if (outcome.status === 'done') {
      const keep = outcome.keepPayload === undefined ? null : JSON.stringify(outcome.keepPayload);
      this.q.done.run(JSON.stringify(outcome.result ?? null), keep, iso, iso, row.id);
      this.q.release.run(at.getTime(), row.orderingKey);
    } else if (outcome.status === 'retry') {
      const delay = backoffDelay(row.attempts + 1, this.backoff, this.random, outcome.retryAfterMs);
      this.q.retry.run(at.getTime() + delay, outcome.code, outcome.message, iso, row.id);
    } else {
      this.q.attention.run(outcome.code, outcome.message, JSON.stringify(outcome.result ?? null), iso, row.id);
      this.q.release.run(at.getTime(), row.orderingKey); // rows that proceed after a refusal go on (PROCEEDS_AFTER_ATTENTION)
    }
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
      // The partner answered (with a refusal): the channel is reachable.
      if (!this.channels.get(row.channel)!.online) this.notifyOnline(row.channel);
    }
  }
}
