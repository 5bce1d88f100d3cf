/**
 * Loyalty: finalize of a 5-item sale with a loyalty customer — the sale's
 * commit WITH its outbox rows (ResgatarSaldo + GerarBonus, GUIDs minted, the
 * bodies built) in the same transaction — against a bare fsync'd commit,
 * measured interleaved in the same run. (The 10k drain belongs to the sync section.)
 */
import path from 'node:path';
import { AuditRepo } from '../../core/audit/repo';
import { createLoyalty } from '../../core/partners/hub';
import { createCounter } from '../../core/loyalty/compose';
import { OutboxRepo } from '../../core/outbox/repo';
import { OutboxWorker } from '../../core/outbox/worker';
import { openCore, register, stats, timeMs } from '../lib';
import { bareCommitter, scanInputs } from './sales';

register('fidelidade', async (ctx) => {
  const small = await ctx.catalog(ctx.sizes.small);
  const core = openCore(small.dbFile);
  const now = () => new Date();
  const log = () => {};
  const outbox = { repo: new OutboxRepo(core.db, now), worker: new OutboxWorker({ db: core.db, now, log }) }; // not started: rows stay queued
  const loyalty = createLoyalty({ db: core.db, dataDir: small.dir, hubUrl: 'http://127.0.0.1:9', log, now });
  const counter = createCounter({ db: core.db, loyalty, sales: core.sales, outbox, now, audit: new AuditRepo(core.db, now) });
  // The finalize step measured here (as in core/app/pipelines.ts): the sale's hub rows in its transaction.
  core.sales.install({ change: [], finalize: [{ name: 'loyalty.enqueueHubOperations', run: (sale, input) => counter.finalizer.enqueueForSale(sale, input) }] });
  const rounds = ctx.quick ? 150 : 2000;
  const inputs = scanInputs(core.db, small.size, rounds * 5, 11);
  const bare = bareCommitter(path.join(small.dir, 'bare-loyalty.db'));
  const fin: number[] = [];
  const bareTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < 5; k++) core.sales.scan(inputs[r * 5 + k]);
    const open = core.sales.current();
    counter.counter.states.setCustomer(open.id, '39053344705', 'Carla Dias', { currentCents: 4590, availableCents: 4590, usesPin: false, pinType: null, guid: '' });
    counter.counter.states.decideRedemption(open.id, Math.min(100, open.totals.netCents));
    const sale = core.sales.current();
    core.sales.addPayment(1, sale.totals.netCents - sale.totals.paidCents);
    const t = timeMs(() => counter.finalizer.commit({ campaignId: 101, campaignDescription: 'Bônus 5% na compra', campaignsQueued: false }));
    const b = bare.commit();
    if (r >= 10) {
      fin.push(t);
      bareTimes.push(b);
    }
  }
  bare.close();
  const queued = (core.db.prepare(`SELECT count(*) AS n FROM outbox`).get() as { n: number }).n;
  core.close();
  const f = stats(fin);
  const b = stats(bareTimes);
  ctx.record({ name: 'finalize + outbox (ResgatarSaldo, GerarBonus) p50', value: f.p50, unit: 'ms' });
  ctx.record({ name: 'finalize + outbox p99', value: f.p99, unit: 'ms', note: `${queued} linhas na fila` });
  ctx.record({ name: "commit fsync'd puro p50 (intercalado)", value: b.p50, unit: 'ms' });
  ctx.record({ name: "commit fsync'd puro p99 (intercalado)", value: b.p99, unit: 'ms' });
  ctx.record({ name: 'finalize + outbox p99 ÷ commit puro p99', value: f.p99 / b.p99, unit: '×', target: { max: 1.5, label: '≤ 1,5×' } });
  ctx.record({ name: 'finalize + outbox p50 ÷ commit puro p50', value: f.p50 / b.p50, unit: '×' });
});
