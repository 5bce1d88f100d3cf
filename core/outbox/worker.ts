import type { Db } from '../db/open';
import { fromRow, type OutboxDbRow } from './repo';
import type { DeliveryHandler, DeliveryOutcome, OutboxChannel, OutboxChannelState, OutboxRow, OutboxSummary } from './types';

export interface OutboxWorkerDeps {
  db: Db;
  now: () => Date;
  log: (line: string) => void;
  /** Called after every state change (the badge's live update). */
  onChange?: (summary: OutboxSummary) => void;
  /** How many ordering keys (sales) are delivered at once. */
  concurrency?: number;
  /** Backoff: first delay and cap (ms). */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
}

const TERMINAL = `('done', 'attention', 'discarded')`;

/**
 * Delivers outbox rows: independent ordering keys in parallel (bounded), one
 * key's rows strictly in seq order, communication failures retried with
 * capped exponential backoff + jitter (same opId every time), business /
 * out-of-standard failures parked for a person. Rows left 'sending' by a
 * crash go back to pending at start.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly inFlight = new Set<string>();
  private readonly channels = new Map<OutboxChannel, OutboxChannelState>();
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private readonly q;
  private readonly concurrency: number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly random: () => number;

  constructor(private readonly deps: OutboxWorkerDeps) {
    const db = deps.db;
    this.concurrency = deps.concurrency ?? 4;
    this.backoff = deps.backoff ?? { baseMs: 1000, capMs: 5 * 60_000 };
    this.random = deps.random ?? Math.random;
    this.q = {
      recover: db.prepare(`UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'sending'`),
      // Ready: due, and every earlier row of its key is terminal.
      ready: db.prepare<[number, number], OutboxDbRow>(
        `SELECT o.* FROM outbox o
         WHERE o.status IN ('pending', 'retrying') AND o.next_attempt_ms <= ?
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ordering_key = o.ordering_key AND p.seq < o.seq AND p.status NOT IN ${TERMINAL})
         ORDER BY o.next_attempt_ms, o.id LIMIT ?`,
      ),
      nextDue: db.prepare<[], { ms: number | null }>(
        `SELECT min(next_attempt_ms) AS ms FROM outbox WHERE status IN ('pending', 'retrying')`,
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
      wakeChannel: db.prepare(`UPDATE outbox SET next_attempt_ms = ? WHERE status = 'retrying' AND channel = ? AND next_attempt_ms > ?`),
      counts: db.prepare<[], { status: string; n: number }>(
        `SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending', 'sending', 'retrying', 'attention') GROUP BY status`,
      ),
      byOpIds: (n: number) => db.prepare<string[], OutboxDbRow>(`SELECT * FROM outbox WHERE op_id IN (${Array(n).fill('?').join(',')})`),
    };
    for (const c of ['hub', 'payment'] as const) this.channels.set(c, { channel: c, online: true, lastError: null, lastErrorAt: null });
  }

  /** Registers the delivery of one kind ('hub.GerarBonus', 'payment.refund', …). */
  register(kind: string, handler: DeliveryHandler): void {
    if (this.handlers.has(kind)) throw new Error(`outbox: handler registrado duas vezes: ${kind}`);
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.q.recover.run(this.deps.now().toISOString());
    this.kick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Deliver now what is due (call after enqueueing). */
  kick(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
    const nowMs = this.deps.now().getTime();
    const woke = this.q.wakeChannel.run(nowMs, channel, nowMs).changes;
    if (wasOffline || woke > 0) {
      this.changed();
      this.kick();
    }
  }

  /** A call on this channel failed to communicate. */
  notifyOffline(channel: OutboxChannel, message: string): void {
    const state = this.channels.get(channel)!;
    state.online = false;
    state.lastError = message;
    state.lastErrorAt = this.deps.now().toISOString();
    this.changed();
  }

  summary(): OutboxSummary {
    const s: OutboxSummary = { pending: 0, sending: 0, retrying: 0, attention: 0, channels: [...this.channels.values()].map((c) => ({ ...c })) };
    for (const r of this.q.counts.all()) (s as unknown as Record<string, number>)[r.status] = r.n;
    return s;
  }

  /**
   * Resolves when every given row is terminal or being retried after a
   * failure (the screen's "wait a few seconds for the hub"), or at the
   * timeout. Returns the rows as they are then.
   */
  async waitFor(opIds: string[], timeoutMs: number): Promise<OutboxRow[]> {
    const read = () => (opIds.length ? this.q.byOpIds(opIds.length).all(...opIds).map(fromRow) : []);
    const settled = (rows: OutboxRow[]) => rows.every((r) => r.status !== 'pending' && r.status !== 'sending');
    let rows = read();
    if (settled(rows)) return rows;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      function finish() {
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      const waiters = this.waiters;
      const check = () => {
        if (settled(read())) finish();
      };
      waiters.add(check);
    });
    rows = read();
    return rows;
  }

  private changed(): void {
    for (const w of [...this.waiters]) w();
    this.deps.onChange?.(this.summary());
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const free = this.concurrency - this.inFlight.size;
        if (!this.running || free <= 0) break;
        const nowMs = this.deps.now().getTime();
        const candidates = this.q.ready.all(nowMs, free * 4 + this.inFlight.size).map(fromRow);
        for (const row of candidates) {
          if (this.inFlight.size >= this.concurrency) break;
          if (this.inFlight.has(row.orderingKey)) continue;
          this.inFlight.add(row.orderingKey);
          void this.deliver(row).finally(() => {
            this.inFlight.delete(row.orderingKey);
            this.kick();
          });
        }
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
    const delay = Math.max(0, next - this.deps.now().getTime());
    if (delay === 0 && this.inFlight.size >= this.concurrency) return; // a finishing delivery kicks again
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, Math.min(delay, 2 ** 31 - 1));
    this.timer.unref?.();
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const at = () => this.deps.now().toISOString();
    if (this.q.claim.run(at(), row.id).changes === 0) return;
    this.changed();
    const handler = this.handlers.get(row.kind);
    let outcome: DeliveryOutcome;
    if (!handler) {
      outcome = { status: 'attention', code: 'outbox.noHandler', message: `Sem entrega registrada para ${row.kind}.` };
    } else {
      try {
        const previous = this.q.previous.all(row.orderingKey, row.seq).map(fromRow);
        outcome = await handler({ ...row, status: 'sending', attempts: row.attempts + 1 }, { previous });
      } catch (err) {
        outcome = { status: 'retry', code: 'outbox.unexpected', message: err instanceof Error ? err.message : String(err) };
        this.deps.log(`[outbox] ${row.kind} ${row.opId}: falha inesperada: ${outcome.message}`);
      }
    }
    this.record(row, outcome);
  }

  private record(row: OutboxRow, outcome: DeliveryOutcome): void {
    const at = this.deps.now();
    if (outcome.status === 'done') {
      const keep = outcome.keepPayload === undefined ? null : JSON.stringify(outcome.keepPayload);
      this.q.done.run(JSON.stringify(outcome.result ?? null), keep, at.toISOString(), at.toISOString(), row.id);
      this.deps.log(`[outbox] ${row.kind} ${row.opId} entregue (tentativa ${row.attempts + 1})`);
      this.notifyOnline(row.channel);
    } else if (outcome.status === 'retry') {
      const attempt = row.attempts + 1;
      const exp = Math.min(this.backoff.capMs, this.backoff.baseMs * 2 ** Math.min(attempt - 1, 30));
      const jittered = Math.round(exp / 2 + (this.random() * exp) / 2);
      const delay = Math.min(this.backoff.capMs, Math.max(jittered, outcome.retryAfterMs ?? 0));
      this.q.retry.run(at.getTime() + delay, outcome.code, outcome.message, at.toISOString(), row.id);
      this.deps.log(`[outbox] ${row.kind} ${row.opId} nova tentativa em ${delay} ms: ${outcome.message}`);
      this.notifyOffline(row.channel, outcome.message);
    } else {
      this.q.attention.run(outcome.code, outcome.message, JSON.stringify(outcome.result ?? null), at.toISOString(), row.id);
      this.deps.log(`[outbox] ${row.kind} ${row.opId} precisa de atenção: ${outcome.message}`);
    }
    this.changed();
  }
}
