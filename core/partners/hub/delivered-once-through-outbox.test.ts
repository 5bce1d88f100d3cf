import { afterEach, describe, expect, it } from 'vitest';
import { buildResgatarSaldo } from './builders';
import { enqueueHub, registerHubDeliveries } from './outbox';
import { OutboxRepo } from '../../outbox/repo';
import { OutboxWorker } from '../../outbox/worker';
import { ANA, makeSale, setupHub, type HubKit } from '../../../test-support/hub-kit';

let kit: HubKit | null = null;
let worker: OutboxWorker | null = null;
afterEach(async () => {
  worker?.stop();
  await kit?.close();
  kit = null;
});

describe('hub operations through the outbox', () => {
  it('delivers a queued ResgatarSaldo with the GUID fixed at enqueue, once', async () => {
    kit = await setupHub();
    const now = () => new Date();
    const repo = new OutboxRepo(kit.db, now);
    worker = new OutboxWorker({ db: kit.db, now, log: () => {} });
    registerHubDeliveries(worker, kit.loyalty.client);
    const sale = makeSale({ cpf: ANA, redemptionCents: 0 });
    kit.db.prepare(`INSERT INTO sales (id, status, opened_at, operator_id, operator_name) VALUES (?, 'finalizada', ?, 1, 'Caixa 01')`).run(sale.id, sale.openedAt);
    const row = enqueueHub(repo, { route: 'ResgatarSaldo', saleId: sale.id, build: (g) => buildResgatarSaldo(g, sale, { cpf: ANA }) });
    worker.start();
    const [done] = await worker.waitFor([row.opId], 60_000);
    expect(done.status).toBe('done');
    const received = kit.sandbox.control.requests('ResgatarSaldo');
    expect(received.map((r) => (r.body as { IdentificadorTransacao: string }).IdentificadorTransacao)).toEqual([row.opId]);
  });
});
