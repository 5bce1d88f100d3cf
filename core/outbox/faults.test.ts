import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../test-support/peers';
import { registerHubDeliveries } from '../partners/hub/outbox';
import { ANA, setupHub, type HubKit } from '../../test-support/hub-kit';
import { enqueueRoute, guidOf, insertFinalizedSale, QUEUED_ROUTES, type QueuedRoute } from '../../test-support/hub-outbox-kit';
import { OutboxRepo } from './repo';
import type { OutboxRow } from './types';
import { OutboxWorker } from './worker';

/**
 * Issue 10's proof over real HTTP: every queued hub route × every fault.
 * After recovery each operation is delivered once, every attempt carried the
 * GUID fixed at enqueue, and the sandbox's ledger shows ONE applied effect.
 */
type FaultCase = 'down' | 'http500' | 'timeout' | 'drop' | 'malformed' | 'answerLost';
const CASES: FaultCase[] = ['down', 'http500', 'timeout', 'drop', 'malformed', 'answerLost'];

let kit: HubKit;
let repo: OutboxRepo;
let worker: OutboxWorker;
let doc = 1000;

beforeAll(async () => {
  // A short client timeout keeps the "timeout" fault quick; a spurious timeout on a busy box is just one more retry.
  kit = await setupHub({ timeoutMs: 1500 });
  repo = new OutboxRepo(kit.db, () => new Date());
  worker = new OutboxWorker({ db: kit.db, now: () => new Date(), log: () => {}, backoff: { baseMs: 20, capMs: 250 }, changeThrottleMs: 0 });
  registerHubDeliveries(worker, kit.loyalty.client);
  worker.start();
});
afterAll(async () => {
  worker.stop();
  await kit.close();
});
beforeEach(async () => {
  await kit.sandbox.control.setDown(false);
  kit.sandbox.control.clearFaults();
  kit.sandbox.control.reset();
  kit.sandbox.control.clearRequests();
});

const row = (opId: string) => repo.byOpId(opId)!;
const settledOr = (opId: string, s: OutboxRow['status'][]) => worker.until(() => s.includes(row(opId).status), 60_000);

/** Queues what the route needs before it (EstornarVenda reverses a scored sale), then the route itself. */
function queue(route: QueuedRoute) {
  const sale = insertFinalizedSale(kit.db, { cpf: ANA, documentNumber: ++doc, redemptionCents: route === 'ResgatarSaldo' ? 500 : 0 });
  const before = route === 'EstornarVenda' ? enqueueRoute(kit.db, repo, sale, 'GerarBonus') : null;
  const op = enqueueRoute(kit.db, repo, sale, route);
  return { sale, before, op };
}

describe.each(QUEUED_ROUTES)('outbox × hub sandbox: %s', (route) => {
  it.each(CASES)('%s → delivered once after recovery, same GUID, one effect', async (fault) => {
    const { control } = kit.sandbox;
    const f: Record<Exclude<FaultCase, 'down'>, Fault> = {
      http500: { route, kind: 'http500', times: 2 },
      timeout: { route, kind: 'timeout', times: 1 },
      drop: { route, kind: 'drop', times: 1 },
      malformed: { route, kind: 'malformed', malformed: 'not-json', times: 1 },
      answerLost: { route, kind: 'drop', afterEffect: true, times: 1 },
    };
    if (fault === 'down') await control.setDown(true);
    else control.setFault(f[fault]);

    const { op, before } = queue(route);
    worker.kick();

    if (fault === 'down') {
      // Retried with backoff while down (connection refused), then the hub comes back.
      const first = before ?? op;
      await worker.until(() => row(first.opId).attempts >= 2 && row(first.opId).status === 'retrying', 60_000);
      expect(row(first.opId).lastError).toMatch(/recusada|fora do ar/);
      expect(worker.summary().channels.find((c) => c.channel === 'hub')!.online).toBe(false);
      await control.setDown(false);
    }
    if (fault === 'malformed') {
      // An out-of-standard answer is never retried blindly: a person looks, then "Reenviar agora".
      await settledOr(op.opId, ['attention', 'done']);
      expect(row(op.opId)).toMatchObject({ status: 'attention', lastErrorCode: 'hub.outOfStandard' });
      worker.resend(op.id);
    }
    await settledOr(op.opId, ['done', 'attention']);
    const done = row(op.opId);
    expect(done.status, done.lastError ?? '').toBe('done');
    expect(done.attempts).toBeGreaterThanOrEqual(fault === 'down' && before ? 1 : 2);

    // Every attempt carried the GUID fixed at enqueue …
    const sent = control.requests(route).filter((r) => guidOf(r.body) === op.opId);
    // (A refused connection never reaches the hub: while down, attempts outnumber what it received.)
    if (fault === 'down') expect(sent.length).toBeGreaterThanOrEqual(1);
    else expect(sent.length).toBe(done.attempts);
    expect(control.requests(route).every((r) => guidOf(r.body) === op.opId)).toBe(true);
    // … and the hub applied it once.
    expect(control.effects(route).filter((e) => e.guid === op.opId)).toHaveLength(1);
    expect(control.effects(route)).toHaveLength(1);
    if (before) {
      expect(row(before.opId).status).toBe('done');
      expect(control.effects('GerarBonus')).toHaveLength(1);
    }
    expect(worker.summary()).toMatchObject({ pending: 0, sending: 0, retrying: 0, attention: 0 });
  });
});

describe('outbox × hub sandbox: Retry-After and connectivity', () => {
  it('a 503 with Retry-After schedules the next attempt no earlier than asked', async () => {
    kit.sandbox.control.setFault({ route: 'GerarBonus', kind: 'http500', status: 503, retryAfterS: 120, times: 1 });
    const { op } = queue('GerarBonus');
    worker.kick();
    await settledOr(op.opId, ['retrying', 'done']);
    const r = kit.db.prepare('SELECT next_attempt_ms, updated_at, last_error FROM outbox WHERE op_id = ?').get(op.opId) as {
      next_attempt_ms: number;
      updated_at: string;
      last_error: string;
    };
    // Capped at 250 ms in this worker: Retry-After wins over the (smaller) jittered backoff, up to the cap.
    expect(r.next_attempt_ms - Date.parse(r.updated_at)).toBe(250);
    expect(r.last_error).toMatch(/503/);
    worker.resend(op.id);
    await settledOr(op.opId, ['done']);
    expect(kit.sandbox.control.effects('GerarBonus')).toHaveLength(1);
  });
});

describe('outbox in the composed app: a successful call from the counter wakes the queue', () => {
  it('rows waiting out a long backoff go at once when the hub answers a synchronous call', async () => {
    const { createTestCore } = await import('../../test-support/fixtures');
    const { loadConfig } = await import('../app/config');
    const { tempDir } = await import('../../test-support/fixtures');
    const { TOKEN, makeSale } = await import('../../test-support/hub-kit');
    const dir = tempDir();
    const core = await createTestCore({ dataDir: dir, config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: kit.sandbox.url }), hubTimeoutMs: 3000 });
    try {
      core.services.loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
      const { repo: orepo, worker: w } = core.services.outbox;
      // The badge's feed: wait for an event showing the pending operation, later for one showing none.
      const waiters: { test: (n: number) => boolean; resolve: () => void }[] = [];
      const nextEvent = (test: (n: number) => boolean) => new Promise<void>((resolve) => waiters.push({ test, resolve }));
      core.events.subscribe((e, p) => {
        if (e !== 'outbox.changed') return;
        const s = p as { retrying: number; pending: number; sending: number };
        for (const w of waiters.splice(0)) (w.test(s.retrying + s.pending + s.sending) ? w.resolve : () => waiters.push(w))();
      });
      const badgeShowsPending = nextEvent((n) => n > 0);
      await kit.sandbox.control.setDown(true);
      const sale = insertFinalizedSale(core.db, { cpf: ANA, documentNumber: ++doc });
      const op = enqueueRoute(core.db, orepo, sale, 'GerarBonus');
      w.kick();
      await w.until(() => orepo.byOpId(op.opId)!.status === 'retrying', 60_000);
      // As if the backoff had grown to an hour.
      core.db.prepare('UPDATE outbox SET next_attempt_ms = ? WHERE id = ?').run(Date.now() + 3_600_000, op.id);
      await w.until(() => w.summary().channels[0].online === false, 60_000);
      await badgeShowsPending;
      const badgeBackToZero = nextEvent((n) => n === 0);
      await kit.sandbox.control.setDown(false);
      await core.services.loyalty.client.consultarSaldo(makeSale({ cpf: ANA }), { cpf: ANA });
      await w.until(() => orepo.byOpId(op.opId)!.status === 'done', 60_000);
      expect(orepo.byOpId(op.opId)!.status).toBe('done');
      expect(w.summary().channels.find((c) => c.channel === 'hub')!.online).toBe(true);
      expect(kit.sandbox.control.effects('GerarBonus').filter((e) => e.guid === op.opId)).toHaveLength(1);
      // The badge heard about it through the event.
      await badgeBackToZero;
    } finally {
      core.close();
    }
  });
});
