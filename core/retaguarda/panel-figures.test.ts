import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import * as admin from '../../server/src/admin/service';
import type { RunningServer } from '../../server/src/app';
import { createPanelUser } from '../../server/src/panel/auth';
import { engineKit, type EngineKit } from '../../server/src/testing/harness';
import { loadConfig } from '../app/config';
import { sampleCustomersFile } from '../app/paths';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { CARLA, TOKEN } from '../../test-support/hub-kit';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { RETAGUARDA_KIND } from './uploader';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

/**
 * Loyalty reaching the panel: real sales with a loyalty customer on a till core (hub sandbox over HTTP), sent
 * through the till's retaguarda channel to a real server; the panel's dashboard and sale detail (over HTTP,
 * signed in) show the balance redeemed and the bonus generated — also a bonus the hub confirmed only after
 * the sale had been sent (a `loyalty` update record); the detail's receipt is the till's own preview of the
 * bytes it printed.
 */
describe('till → Retaguarda → Painel: loyalty figures and the receipt as printed', () => {
  let kit: EngineKit;
  let server: RunningServer;
  let hub: HubSandbox;
  let core: TestCore;
  let cookie = '';

  const call = async <T>(m: string, i: unknown = {}) => {
    const r = await core.dispatch(m, i);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as T;
  };
  const panel = async <T>(path: string): Promise<T> => {
    const res = await fetch(server.url + path, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  async function delivered(): Promise<void> {
    const ids = (core.db.prepare('SELECT op_id FROM outbox WHERE kind = ?').all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
    const rows = await core.services.outbox.worker.waitFor(ids, 60_000);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual(rows.map(() => ['done', null]));
  }
  async function loyaltySale(redeem: number): Promise<Sale> {
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    const s = redeem ? await call<Sale>('loyalty.counter.redeem', { amountCents: redeem }) : await call<Sale>('loyalty.counter.skipRedemption');
    if (s.totals.remainingCents > 0) await call('sales.addPayment', { formCode: 1, amountCents: s.totals.remainingCents });
    return (await call<{ sale: Sale }>('loyalty.counter.finalize', { campaignId: 101, campaignDescription: 'Bônus 5%' })).sale;
  }

  beforeAll(async () => {
    kit = await engineKit('pglite');
    server = await kit.start(await kit.freshConfig());
    const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' });
    const till = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
    await createPanelUser(server.db, { email: 'dona@loja.com.br', name: 'Dona Ana', role: 'administrador', password: 'senha-forte-123' });
    const login = await fetch(`${server.url}/v1/panel/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dona@loja.com.br', password: 'senha-forte-123' }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers.get('set-cookie')!.split(';')[0];
    hub = await startHubSandbox({ port: 0 });
    const dataDir = tempDir();
    const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: server.url, BALCAO_RETAGUARDA_CAIXA: till.tillId, BALCAO_RETAGUARDA_SEGREDO: till.secret };
    core = await createTestCore({
      dataDir,
      config: { ...loadConfig(env), hubUrl: hub.url },
      loyaltyTimeouts: { campaignMs: 300, deliveryMs: 5000 },
      hubTimeoutMs: 3000,
      retaguardaIntervalMs: 3_600_000,
      log: () => {},
    });
    core.services.counter.loadSampleCustomers(sampleCustomersFile);
    await call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
  }, 90_000);
  afterAll(async () => {
    core?.close();
    await hub?.close();
    await server?.close();
    kit?.dispose();
  });

  it('redeemed and bonus generated reach the Painel, a bonus confirmed after the sale was sent too', async () => {
    const { worker, repo } = core.services.outbox;
    // Sale A: balance redeemed, bonus confirmed by the hub before the sale is sent.
    const a = await loyaltySale(1000);
    const bonusA = repo.forSale(a.id).find((r) => r.kind === 'hub.GerarBonus')!;
    expect((await worker.waitFor([bonusA.opId], 30_000))[0].status).toBe('done');

    // Sale B: the hub fails GerarBonus, so the sale reaches the server before its bonus is known.
    hub.control.setFault({ route: 'GerarBonus', kind: 'http500' });
    const b = await loyaltySale(0);
    const bonusB = repo.forSale(b.id).find((r) => r.kind === 'hub.GerarBonus')!;
    expect(repo.forSale(b.id).find((r) => r.kind === 'hub.GerarBonus')!.status).not.toBe('done');
    core.services.retaguarda.scan();
    await delivered();
    type Detail = { sale: { loyalty: { redeemedCents: number; bonusCents: number; effects: { kind: string; status: string; bonusCents: number | null }[] } | null } };
    const detailB1 = await panel<Detail>(`/v1/panel/sale?id=${b.id}`);
    expect(detailB1.sale.loyalty).toMatchObject({ redeemedCents: 0, bonusCents: 0 });

    // The hub comes back: GerarBonus is delivered, and the next scan tells the server (a loyalty record).
    hub.control.clearFaults();
    let [row] = await worker.waitFor([bonusB.opId], 1_000);
    while (row.status !== 'done') {
      worker.notifyOnline('hub');
      worker.kick();
      [row] = await worker.waitFor([bonusB.opId], 20_000);
    }
    expect(core.services.retaguarda.scan()).toBeGreaterThanOrEqual(1);
    expect(core.services.retaguarda.scan()).toBe(0); // told once
    await delivered();

    const bonus = (opResult: unknown) => (opResult as { generatedCents: number }).generatedCents;
    const [gA, gB] = [bonus(repo.forSale(a.id).find((r) => r.kind === 'hub.GerarBonus')!.result), bonus(row.result)];
    expect(gA).toBeGreaterThan(0);
    expect(gB).toBeGreaterThan(0);
    const generated = gA + gB;
    expect(hub.control.customer(CARLA)!.availableCents).toBe(4590 - 1000 + generated); // the hub credited what the panel shows
    const detailB2 = await panel<Detail>(`/v1/panel/sale?id=${b.id}`);
    expect(detailB2.sale.loyalty).toMatchObject({ redeemedCents: 0, bonusCents: gB });
    expect(detailB2.sale.loyalty!.effects.find((e) => e.kind === 'hub.GerarBonus')).toMatchObject({ status: 'done', bonusCents: gB });
    const detailA = await panel<Detail>(`/v1/panel/sale?id=${a.id}`);
    expect(detailA.sale.loyalty).toMatchObject({ redeemedCents: 1000, bonusCents: gA });

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const dash = await panel<{ sales: number; loyalty: { redeemedCents: number; bonusCents: number } }>(`/v1/panel/dashboard?de=${encodeURIComponent(from)}`);
    expect(dash.sales).toBe(2);
    expect(dash.loyalty).toEqual({ redeemedCents: 1000, bonusCents: generated });
  });

  it('the detail shows the receipt as the till printed it: the same preview, decoded from the same bytes', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('sales.addPayment', { formCode: 1, amountCents: 5000 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    core.services.retaguarda.scan();
    await delivered();
    const job = core.db.prepare(`SELECT bytes FROM print_jobs WHERE sale_id = ? AND kind = 'sale' ORDER BY id LIMIT 1`).get(sale.id) as { bytes: Buffer } | undefined;
    expect(job).toBeDefined(); // automatic print is on: the receipt went to the print queue
    const tillPreview = core.services.printing.previewOf(job!.bytes);
    const d = await panel<{ receipt: { printed: boolean; preview: { lines: { text: string }[] } } | null }>(`/v1/panel/sale?id=${sale.id}`);
    expect(d.receipt?.printed).toBe(true);
    expect(d.receipt?.preview).toEqual(tillPreview);
    const text = d.receipt!.preview.lines.map((l) => l.text).join('\n');
    expect(text).toContain('COMPROVANTE DE VENDA');
    expect(text).toMatch(/Troco\s+R\$\s*20,10/);
  });
});
