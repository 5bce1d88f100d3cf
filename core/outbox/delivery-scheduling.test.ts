import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open';
import { tempDir } from '../../test-support/fixtures';
import { OutboxQuery } from './query';
import { OutboxRepo } from './repo';
import { backoffDelay, OutboxWorker } from './worker';
import { z } from 'zod';
import type { OutboxKind } from './kinds';

/** A test kind: any payload, the given delivery (and ordering policy). */
const register = (w: OutboxWorker, kind: string, deliver: OutboxKind['deliver'], more: Partial<OutboxKind> = {}) =>
  w.register(kind, { payload: z.unknown(), deliver, ...more });

let db: Db;
let worker: OutboxWorker;
afterEach(() => {
  worker?.stop();
  db?.close();
});

function setup(opts: { baseMs?: number; capMs?: number; concurrency?: number; keepDays?: number; now?: () => Date } = {}) {
  db = openDatabase(path.join(tempDir(), 'o.db'));
  const now = opts.now ?? (() => new Date());
  const repo = new OutboxRepo(db, now);
  worker = new OutboxWorker({
    db,
    now,
    log: () => {},
    backoff: { baseMs: opts.baseMs ?? 5, capMs: opts.capMs ?? 20 },
    random: () => 1,
    concurrency: opts.concurrency,
    keepDays: () => opts.keepDays ?? 30,
  });
  return { repo, worker, query: new OutboxQuery(db, worker.kinds) };
}

const status = (opId: string) => (db.prepare('SELECT status FROM outbox WHERE op_id = ?').get(opId) as { status: string }).status;

describe('backoff', () => {
  it('doubles from the base, stays within [exp/2, exp], caps, and never goes below Retry-After', () => {
    const b = { baseMs: 1000, capMs: 300_000 };
    expect(backoffDelay(1, b, () => 1)).toBe(1000);
    expect(backoffDelay(1, b, () => 0)).toBe(500);
    expect(backoffDelay(4, b, () => 1)).toBe(8000);
    expect(backoffDelay(40, b, () => 1)).toBe(300_000);
    expect(backoffDelay(40, b, () => 0)).toBe(150_000);
    expect(backoffDelay(1, b, () => 1, 30_000)).toBe(30_000);
    expect(backoffDelay(1, b, () => 1, 3_600_000)).toBe(300_000);
  });
});

describe('outbox worker (sync)', () => {
  it('never runs more sales at once than its concurrency, and one sale strictly in order', async () => {
    const { repo, worker } = setup({ concurrency: 3 });
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const gates: (() => void)[] = [];
    register(worker, 't.op', async (row) => {
      running++;
      peak = Math.max(peak, running);
      order.push(`${row.orderingKey}:${row.seq}`);
      await new Promise<void>((r) => gates.push(r));
      running--;
      return { status: 'done' };
    });
    const ids: string[] = [];
    for (let k = 0; k < 6; k++) for (let i = 0; i < 3; i++) ids.push(repo.enqueue({ kind: 't.op', channel: 'hub', orderingKey: `s${k}`, payload: {} }).opId);
    worker.start();
    // Release deliveries one by one as they arrive, until all are done.
    const release = setInterval(() => gates.shift()?.(), 1);
    const rows = await worker.waitFor(ids, 60_000);
    clearInterval(release);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
    for (let k = 0; k < 6; k++) expect(order.filter((o) => o.startsWith(`s${k}:`))).toEqual([`s${k}:1`, `s${k}:2`, `s${k}:3`]);
  });

  it('a row needing attention holds the rest of its sale; Descartar records reason and who, and releases the next', async () => {
    const { repo, worker, query } = setup();
    register(worker, 't.bad', async () => ({ status: 'attention', code: 'hub.business', message: 'Saldo insuficiente' }));
    const delivered: string[] = [];
    register(worker, 't.ok', async (row) => (delivered.push(row.opId), { status: 'done' }));
    const bad = repo.enqueue({ kind: 't.bad', channel: 'hub', orderingKey: 'S', payload: {} });
    const next = repo.enqueue({ kind: 't.ok', channel: 'hub', orderingKey: 'S', payload: {} });
    worker.start();
    await worker.until(() => status(bad.opId) === 'attention', 60_000);
    expect(status(next.opId)).toBe('pending');
    expect(delivered).toEqual([]);
    const list = query.list(undefined, 50);
    expect(list.total).toBe(2);
    expect(list.rows.find((r) => r.opId === next.opId)).toMatchObject({ waitingPrevious: true, nextAttemptAt: null });
    expect(list.rows.find((r) => r.opId === bad.opId)).toMatchObject({ status: 'attention', lastError: 'Saldo insuficiente' });

    expect(() => worker.discard(bad.id, '  ', 'Gerente (#2)')).toThrow(/motivo/);
    worker.discard(bad.id, 'Cliente desistiu do resgate', 'Gerente (#2)');
    const rows = await worker.waitFor([next.opId], 60_000);
    expect(rows[0].status).toBe('done');
    expect(delivered).toEqual([next.opId]);
    expect(repo.byOpId(bad.opId)).toMatchObject({ status: 'discarded', discardedReason: 'Cliente desistiu do resgate', discardedBy: 'Gerente (#2)' });
    expect(query.list(undefined, 50).total).toBe(0);
  });

  it('"Reenviar agora" re-sends a row needing attention with the same opId', async () => {
    const { repo, worker } = setup();
    const seen: string[] = [];
    let fail = true;
    register(worker, 't.x', async (row) => {
      seen.push(row.opId);
      return fail ? { status: 'attention', code: 'hub.outOfStandard', message: 'fora do padrão' } : { status: 'done' };
    });
    const r = repo.enqueue({ kind: 't.x', channel: 'hub', orderingKey: 'S', payload: {} });
    worker.start();
    await worker.until(() => status(r.opId) === 'attention', 60_000);
    fail = false;
    expect(worker.resend(r.id)).toBe(1);
    await worker.until(() => status(r.opId) === 'done', 60_000);
    expect(seen).toEqual([r.opId, r.opId]);
    expect(() => worker.resend(r.id)).toThrow(/concluída/);
  });

  it('wakes retrying rows at once when the channel answers again, instead of sleeping out the backoff', async () => {
    const { repo, worker } = setup({ baseMs: 3_600_000, capMs: 3_600_000 });
    let up = false;
    register(worker, 't.y', async () => (up ? { status: 'done' } : { status: 'retry', code: 'down', message: 'Hub fora do ar', retryAfterMs: 1000 }));
    const rows = [1, 2, 3].map((i) => repo.enqueue({ kind: 't.y', channel: 'hub', orderingKey: `k${i}`, payload: {} }));
    worker.start();
    await worker.until(() => rows.every((r) => status(r.opId) === 'retrying'), 60_000);
    expect(worker.summary()).toMatchObject({ retrying: 3, channels: expect.arrayContaining([expect.objectContaining({ channel: 'hub', online: false, lastError: 'Hub fora do ar' })]) });
    up = true;
    worker.notifyOnline('hub');
    await worker.until(() => rows.every((r) => status(r.opId) === 'done'), 60_000);
    expect(worker.summary()).toMatchObject({ pending: 0, retrying: 0, sending: 0 });
  });

  it('keeps counts in step with the table (triggers), a rolled-back enqueue never counts', () => {
    const { repo, worker } = setup();
    repo.enqueue({ kind: 'a', channel: 'hub', orderingKey: 'k', payload: {} });
    repo.enqueue({ kind: 'a', channel: 'payment', orderingKey: 'k2', payload: {} });
    expect(() =>
      db.transaction(() => {
        repo.enqueue({ kind: 'a', channel: 'hub', orderingKey: 'k3', payload: {} });
        throw new Error('rollback');
      })(),
    ).toThrow();
    db.prepare(`UPDATE outbox SET status = 'attention' WHERE ordering_key = 'k2'`).run();
    expect(worker.summary()).toMatchObject({ pending: 1, attention: 1, retrying: 0, sending: 0 });
  });

  it('keeps delivered rows as history and prunes them after the configured days', async () => {
    let t = Date.parse('2026-11-01T12:00:00Z');
    const { repo, worker } = setup({ keepDays: 7, now: () => new Date(t) });
    register(worker, 't.z', async () => ({ status: 'done', result: { ok: true } }));
    const old = repo.enqueue({ kind: 't.z', channel: 'hub', orderingKey: 'a', payload: {} });
    worker.start();
    await worker.until(() => status(old.opId) === 'done', 60_000);
    t += 3 * 86_400_000;
    const recent = repo.enqueue({ kind: 't.z', channel: 'hub', orderingKey: 'b', payload: {} });
    worker.kick();
    await worker.until(() => status(recent.opId) === 'done', 60_000);
    expect(worker.prune()).toBe(0);
    t += 5 * 86_400_000; // old: 8 days, recent: 5 days
    expect(worker.prune()).toBe(1);
    expect(repo.byOpId(old.opId)).toBeNull();
    expect(repo.byOpId(recent.opId)).toMatchObject({ status: 'done', result: { ok: true } });
  });
});

describe('outbox worker: offline channel', () => {
  it('while a channel is offline only one probe at a time goes out; the rest wait for it instead of each failing', async () => {
    const { repo, worker } = setup({ baseMs: 1, capMs: 2 });
    let up = false;
    let calls = 0;
    let concurrent = 0;
    let peak = 0;
    register(worker, 't.p', async () => {
      calls++;
      concurrent++;
      peak = Math.max(peak, concurrent);
      await new Promise((r) => setImmediate(r));
      concurrent--;
      return up ? { status: 'done' } : { status: 'retry', code: 'down', message: 'fora do ar' };
    });
    worker.notifyOffline('hub', 'fora do ar');
    const rows = Array.from({ length: 20 }, (_, i) => repo.enqueue({ kind: 't.p', channel: 'hub', orderingKey: `k${i}`, payload: {} }));
    worker.start();
    await worker.until(() => calls >= 3, 60_000);
    expect(peak).toBe(1);
    up = true;
    worker.notifyOnline('hub');
    await worker.until(() => rows.every((r) => status(r.opId) === 'done'), 60_000);
    expect(rows.every((r) => status(r.opId) === 'done')).toBe(true);
  });
});

describe('Retry-After from the hub transport', async () => {
  const { parseRetryAfter, interpretResponse } = await import('../partners/hub/transport');
  const { hubOutcome } = await import('../partners/hub/outbox');
  it('reads seconds or an HTTP date, ignores junk, caps at an hour', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.parse('2026-11-30T12:00:30Z')).toUTCString(), Date.parse('2026-11-30T12:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('amanhã')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('999999')).toBe(3_600_000);
  });
  it('a 429 or 503 with Retry-After becomes a retry outcome carrying it', () => {
    for (const status of [429, 503]) {
      let err: unknown;
      try {
        interpretResponse('GerarBonus', 'G', status, '', '7');
      } catch (e) {
        err = e;
      }
      expect(hubOutcome(err)).toMatchObject({ status: 'retry', code: 'hub.communication', retryAfterMs: 7000 });
    }
  });
});
