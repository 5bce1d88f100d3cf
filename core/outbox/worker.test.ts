import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open';
import { tempDir } from '../../test-support/fixtures';
import { OutboxRepo } from './repo';
import type { OutboxRow } from './types';
import { OutboxWorker } from './worker';
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

/** A worker on a fresh file; `capMs` and `concurrency` as the worker's. Its clock is real time, or with `frozen` stands at `clock.t` (tests move it). */
function setup(opts: { baseMs?: number; capMs?: number; concurrency?: number; frozen?: boolean } = {}) {
  db = openDatabase(path.join(tempDir(), 'o.db'));
  const clock = { t: Date.now() };
  const now = () => new Date(opts.frozen ? clock.t : Date.now());
  const repo = new OutboxRepo(db, now);
  const backoff = { baseMs: opts.baseMs ?? 5, capMs: opts.capMs ?? 20 };
  worker = new OutboxWorker({ db, now, log: () => {}, concurrency: opts.concurrency, backoff, random: () => 1 });
  return { repo, worker, clock };
}

describe('outbox', () => {
  it('fixes the opId at enqueue and delivers one key in order, keys in parallel', async () => {
    const { repo, worker } = setup();
    const seen: string[] = [];
    register(worker, 't.a', async (row) => (seen.push(`${row.orderingKey}:a:${row.opId}`), { status: 'done', result: { ok: 1 } }));
    register(worker, 't.b', async (row, ctx) => {
      seen.push(`${row.orderingKey}:b:${ctx.previous.map((p) => p.kind).join(',')}`);
      return { status: 'done' };
    });
    const a1 = repo.enqueue({ kind: 't.a', channel: 'hub', orderingKey: 's1', payload: { x: 1 } });
    const b1 = repo.enqueue({ kind: 't.b', channel: 'hub', orderingKey: 's1', payload: {} });
    const a2 = repo.enqueue({ kind: 't.a', channel: 'hub', orderingKey: 's2', payload: {}, opId: 'FIXED-GUID' });
    expect(a1.opId).toMatch(/^[0-9A-F-]{36}$/);
    expect(a2.opId).toBe('FIXED-GUID');
    worker.start();
    const rows = await worker.waitFor([a1.opId, b1.opId, a2.opId], 60_000);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(seen.indexOf(`s1:a:${a1.opId}`)).toBeLessThan(seen.indexOf('s1:b:t.a'));
    expect(repo.byOpId(a1.opId)!.result).toEqual({ ok: 1 });
  });

  it('retries a communication failure with the same opId, parks a business error', async () => {
    const { repo, worker } = setup();
    const opIds: string[] = [];
    let calls = 0;
    register(worker, 't.flaky', async (row) => {
      opIds.push(row.opId);
      return ++calls < 3 ? { status: 'retry', code: 'down', message: 'Hub fora do ar' } : { status: 'done' };
    });
    register(worker, 't.bad', async () => ({ status: 'attention', code: 'hub.business', message: 'CPF bloqueado' }));
    const f = repo.enqueue({ kind: 't.flaky', channel: 'hub', orderingKey: 'k', payload: {} });
    const b = repo.enqueue({ kind: 't.bad', channel: 'hub', orderingKey: 'k2', payload: {} });
    worker.start();
    let rows: OutboxRow[] = [];
    while (!(rows = await worker.waitFor([f.opId, b.opId], 60_000)).every((r) => r.status === 'done' || r.status === 'attention')) {
      await new Promise((r) => setImmediate(r));
    }
    expect(new Set(opIds)).toEqual(new Set([f.opId]));
    expect(calls).toBe(3);
    const bad = repo.byOpId(b.opId)!;
    expect(bad.status).toBe('attention');
    expect(bad.lastError).toBe('CPF bloqueado');
  });

  it('puts rows left sending by a crash back to pending at start', async () => {
    const { repo, worker } = setup();
    const r = repo.enqueue({ kind: 't.a', channel: 'hub', orderingKey: 'k', payload: {} });
    db.prepare(`UPDATE outbox SET status = 'sending', attempts = 1 WHERE id = ?`).run(r.id);
    const got: number[] = [];
    register(worker, 't.a', async (row) => (got.push(row.attempts), { status: 'done' }));
    worker.start();
    await worker.waitFor([r.opId], 60_000);
    expect(got).toEqual([2]);
    expect(repo.byOpId(r.opId)!.status).toBe('done');
  });

  it('enqueue joins the caller transaction: a rollback leaves no row', () => {
    const { repo } = setup();
    expect(() =>
      db.transaction(() => {
        repo.enqueue({ kind: 't.a', channel: 'hub', orderingKey: 'k', payload: {} });
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('a burst of failures while the partner falls does not push the first probe past one base interval', async () => {
    const { repo, clock } = setup({ baseMs: 1000, capMs: 300_000, concurrency: 16, frozen: true });
    let up = false;
    const calls: string[] = [];
    let probed: () => void = () => {};
    // The partner falls while all 16 are in flight: they fail together.
    let allInFlight: () => void = () => {};
    const gate = new Promise<void>((r) => (allInFlight = r));
    register(worker, 't.a', async (row) => {
      calls.push(row.orderingKey);
      probed();
      if (!up) {
        if (calls.length === 16) allInFlight();
        await gate;
      }
      return up ? { status: 'done' } : { status: 'retry', code: 'down', message: 'Hub fora do ar' };
    });
    const rows = Array.from({ length: 16 }, (_, i) => repo.enqueue({ kind: 't.a', channel: 'hub', orderingKey: `k${i}`, payload: {} }));
    worker.start();
    // All 16 in flight fail together (the partner fell): the channel goes offline once.
    expect(await worker.until(() => worker.summary().retrying === 16, 60_000)).toBe(true);
    expect(worker.isOnline('hub')).toBe(false);
    // The partner is back. One base interval later exactly one probe goes (not one per failed row, not after the cap).
    up = true;
    calls.length = 0;
    clock.t += 1_100;
    const probe = new Promise<void>((r) => (probed = r));
    worker.kick();
    await probe;
    expect(calls).toHaveLength(1);
    // Its success wakes every row at once.
    const done = await worker.waitFor(rows.map((r) => r.opId), 60_000);
    expect(await worker.until(() => worker.summary().retrying === 0 && worker.summary().pending === 0 && worker.summary().sending === 0, 60_000)).toBe(true);
    expect(done.length).toBe(16);
    expect(rows.map((r) => repo.byOpId(r.opId)!.status)).toEqual(Array(16).fill('done'));
    expect(worker.isOnline('hub')).toBe(true);
  });

  it('never sends a row read ahead before an earlier row of its sale that a person resent meanwhile', async () => {
    const { repo, clock } = setup({ concurrency: 1, frozen: true });
    const order: string[] = [];
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    let slowStarted!: () => void;
    const slowRunning = new Promise<void>((r) => (slowStarted = r));
    let firstA = true;
    register(worker, 'hub.a', async () => {
      order.push(firstA ? 'a:refused' : 'a:done');
      if (!firstA) return { status: 'done' };
      firstA = false;
      // Another sale's row, due before `b` is released: with one slot it is claimed first and `b` waits, read ahead.
      repo.enqueue({ kind: 'hub.slow', channel: 'hub', orderingKey: 'other', payload: {} });
      clock.t += 10;
      return { status: 'attention', code: 'hub.business', message: 'Recusado' };
    });
    register(worker, 'hub.slow', async () => {
      order.push('slow');
      slowStarted();
      await slowGate;
      return { status: 'done' };
    });
    register(worker, 'hub.b', async () => (order.push('b'), { status: 'done' }), { proceedsAfterAttention: true });
    const a = repo.enqueue({ kind: 'hub.a', channel: 'hub', orderingKey: 'sale', payload: {} });
    const b = repo.enqueue({ kind: 'hub.b', channel: 'hub', orderingKey: 'sale', payload: {} });
    worker.start();
    await slowRunning; // `a` refused (hub rows after it may go on), `b` read ahead while `slow` holds the only slot
    expect(worker.resend(a.id)).toBe(1); // a person resends `a`: `b` must wait for it again
    releaseSlow();
    expect(await worker.until(() => repo.byOpId(b.opId)!.status === 'done', 60_000)).toBe(true);
    expect(repo.byOpId(a.opId)!.status).toBe('done');
    expect(order).toEqual(['a:refused', 'slow', 'a:done', 'b']);
  });
});
