import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../app/config';
import { sampleCustomersFile } from '../app/paths';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { enqueueReversal } from './finalize';
import { CARLA, TOKEN } from '../../test-support/hub-kit';
import type { Sale } from '../../shared/api/sales';

let hub: HubSandbox;
let core: Awaited<ReturnType<typeof createTestCore>>;
const call = async <T>(m: string, i: unknown = {}) => {
  const r = await core.dispatch(m, i);
  if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
  return r.value as T;
};

beforeEach(async () => {
  hub = await startHubSandbox({ port: 0 });
  const dir = tempDir();
  core = await createTestCore({
    dataDir: dir,
    config: { ...loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' }), hubUrl: hub.url },
    loyaltyTimeouts: { campaignMs: 300, deliveryMs: 5000 },
    hubTimeoutMs: 3000,
    log: () => {},
  });
  core.services.counter.loadSampleCustomers(sampleCustomersFile);
  await call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
});
afterEach(async () => {
  core.close();
  await hub.close();
});

async function loyaltySale(redeem: number): Promise<Sale> {
  await call('sales.scan', { text: '7891234567895' });
  await call('loyalty.counter.identify', { cpf: CARLA });
  const s = await call<Sale>('loyalty.counter.redeem', { amountCents: redeem });
  if (s.totals.remainingCents > 0) await call('sales.addPayment', { formCode: 1, amountCents: s.totals.remainingCents });
  return (await call<{ sale: Sale }>('loyalty.counter.finalize', { campaignId: 101, campaignDescription: 'x' })).sale;
}

describe('enqueueReversal (cancellation of a finished sale)', () => {
  it('EstornarVenda through the outbox inside the caller transaction: balance used back, bonus taken back, once', async () => {
    const sale = await loyaltySale(1000);
    const afterSale = hub.control.customer(CARLA)!.availableCents;
    expect(afterSale).toBe(4590 - 1000 + 100); // 5% of 19,90 = 0,995 → 1,00
    const { repo, worker } = core.services.outbox;
    const row = core.db.transaction(() => enqueueReversal(repo, sale)).immediate()!;
    expect(core.db.transaction(() => enqueueReversal(repo, sale)).immediate()!.opId).toBe(row.opId); // never twice
    expect(row.payload).toMatchObject({ route: 'EstornarVenda', body: { DocumentoNF: '1', SerieNF: '1', Cpf: CARLA, IdentificadorTransacao: row.opId } });
    worker.kick();
    const [done] = await worker.waitFor([row.opId], 10_000);
    expect(done.status).toBe('done');
    expect(done.result).toMatchObject({ reversedUsedCents: 1000, reversedGeneratedCents: 100 });
    expect(hub.control.customer(CARLA)!.availableCents).toBe(4590);
    expect(hub.control.requests('EstornarVenda')).toHaveLength(1);
  });

  it('a sale without a loyalty customer has nothing to reverse', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    expect(enqueueReversal(core.services.outbox.repo, sale)).toBeNull();
    expect(core.services.outbox.repo.forSale(sale.id)).toEqual([]);
  });
});

describe('Finalizar never waits long for the hub', () => {
  it('ConsultarCampanha slower than the bound → unavailable; the sale commits with the query queued', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.skipRedemption');
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    hub.control.setFault({ route: 'ConsultarCampanha', kind: 'latency', latencyMs: 1500, times: 1 });
    const camp = await call<{ status: string }>('loyalty.counter.campaigns');
    expect(camp.status).toBe('unavailable');
    const r = await call<{ sale: Sale; outcome: { bonus: string; warnings: string[] } }>('loyalty.counter.finalize', { campaignId: null, campaignsQueued: true });
    expect(r.sale.status).toBe('finalizada');
    expect(r.outcome.warnings.join(' ')).toMatch(/creditado quando a conexão voltar/);
    const { worker, repo } = core.services.outbox;
    const ids = repo.forSale(r.sale.id).map((o) => o.opId);
    let rows = await worker.waitFor(ids, 20_000);
    while (rows.some((x) => x.status !== 'done')) {
      worker.notifyOnline('hub');
      rows = await worker.waitFor(ids, 20_000);
    }
    expect(hub.control.requests('GerarBonus').map((x) => (x.body as { CampanhaId: number | null }).CampanhaId)).toEqual([101]);
    expect(hub.control.requests('ConsultarCampanha')).toHaveLength(2); // the slow one (read-only) and the queued one
  });

  it('hub switched off after the customer was identified: no hub rows (nothing redeemed)', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.settings.save', { hubEnabled: false, partnerId: 1, companyId: 1, environment: 0, active: true });
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    expect(core.services.outbox.repo.forSale(sale.id)).toEqual([]);
    expect((await call<{ enabled: boolean }>('loyalty.counter.state')).enabled).toBe(false);
  });

  it('no campaigns queued → CampanhaId null', async () => {
    hub.control.setCampaigns('empty');
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.skipRedemption');
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    // A plain sales.finalize with a loyalty customer queues the campaign query too.
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    const { worker, repo } = core.services.outbox;
    const ids = repo.forSale(sale.id).map((o) => o.opId);
    let rows = await worker.waitFor(ids, 20_000);
    while (rows.some((x) => x.status !== 'done')) {
      worker.notifyOnline('hub');
      rows = await worker.waitFor(ids, 20_000);
    }
    expect(hub.control.requests('GerarBonus').map((x) => (x.body as { CampanhaId: number | null }).CampanhaId)).toEqual([null]);
  });
});
