import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../app/config';
import { sampleCustomersFile } from '../app/paths';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { checkSaleMessages, requestsOfGuids } from '../../test-support/hub-contract-check';
import { ANA, CARLA, NEWCOMER, TOKEN } from '../../test-support/hub-kit';
import type { Sale } from '../../shared/api/sales';

let hub: HubSandbox;
let core: Awaited<ReturnType<typeof createTestCore>>;

async function call<T>(method: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { apiError: r.error });
  return r.value as T;
}
async function fail(method: string, input: unknown = {}) {
  const r = await core.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should fail`);
  return r.error;
}

beforeEach(async () => {
  hub = await startHubSandbox({ port: 0 });
  const dir = tempDir();
  core = await createTestCore({
    dataDir: dir,
    config: { ...loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' }), hubUrl: hub.url },
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

const rows = (saleId: string) => core.services.outbox.repo.forSale(saleId);

describe('loyalty at the counter', () => {
  it('refuses a CPF with wrong check digits before any call', async () => {
    const e = await fail('loyalty.counter.identify', { cpf: '529.982.247-24' });
    expect(e.message).toMatch(/CPF inválido/);
    expect(hub.control.requests()).toHaveLength(0);
  });

  it('known customer: CadastrarCliente at once with the registry data, customer on the open sale', async () => {
    const r = await call<{ status: string; panel: { name: string; cpfMasked: string; availableCents: number } }>('loyalty.counter.identify', { cpf: '529.982.247-25' });
    expect(r.status).toBe('registered');
    expect(r.panel).toMatchObject({ name: 'Ana Souza', cpfMasked: '***.982.247-**', availableCents: 12000 });
    const sent = hub.control.requests('CadastrarCliente');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({ CPF: ANA, Nome: 'Ana Souza', DataNascimento: null, Contato: { Celular: '11987654321', Email: 'ana@example.com' } });
    const sale = await call<Sale>('sales.current');
    expect(sale.customerCpf).toBe(ANA);
  });

  it('unknown customer: form needed; saved locally then registered; Nome required', async () => {
    expect(await call('loyalty.counter.identify', { cpf: NEWCOMER })).toEqual({ status: 'unknown', cpf: NEWCOMER });
    expect(hub.control.requests()).toHaveLength(0);
    expect((await fail('loyalty.counter.register', { customer: { cpf: NEWCOMER, name: ' ' } })).message).toMatch(/Nome/);
    expect((await fail('loyalty.counter.register', { customer: { cpf: NEWCOMER, name: 'Novo', birthDate: '31/12/1990' } })).message).toMatch(/Data de nascimento/);
    const r = await call<{ status: string }>('loyalty.counter.register', { customer: { cpf: NEWCOMER, name: 'Novo Cliente', birthDate: '1990-12-31', contact: { mobile: '(11) 97777-6666' } } });
    expect(r.status).toBe('registered');
    expect(hub.control.requests('CadastrarCliente')[0].body).toMatchObject({ Nome: 'Novo Cliente', DataNascimento: '1990-12-31', Contato: { Celular: '11977776666' } });
    expect(core.db.prepare('SELECT name, mobile FROM customers WHERE cpf = ?').get(NEWCOMER)).toEqual({ name: 'Novo Cliente', mobile: '11977776666' });
  });

  it('communication failure → the retry re-sends the SAME GUID', async () => {
    hub.control.setFault({ route: 'CadastrarCliente', kind: 'http500', times: 1 });
    const e = await fail('loyalty.counter.identify', { cpf: CARLA });
    expect(e.code).toBe('hub.communication');
    const guid = (e.details as { guid: string }).guid;
    const r = await call<{ status: string }>('loyalty.counter.retry', { guid });
    expect(r.status).toBe('registered');
    const sent = hub.control.requests('CadastrarCliente').map((x) => (x.body as { IdentificadorTransacao: string }).IdentificadorTransacao);
    expect(sent).toEqual([guid, guid]);
  });

  it('PIN by SMS, redemption, campaigns, finalize: ResgatarSaldo then GerarBonus, consistent totals', async () => {
    await call('sales.scan', { text: '3*7891234567895' }); // 89,70
    await call('loyalty.counter.identify', { cpf: ANA });
    expect((await fail('loyalty.counter.redeem', { amountCents: 1000 })).code).toBe('loyalty.pinRequired');
    const sent = await call<{ destinationMasked: string }>('loyalty.counter.sendPin');
    expect(sent.destinationMasked).toBe('(11) *****-4321');
    const wrong = await call<{ valid: boolean }>('loyalty.counter.validatePin', { pin: '99999999' });
    expect(wrong.valid).toBe(false);
    expect((await fail('loyalty.counter.validatePin', { pin: '123456789' })).message).toMatch(/8 dígitos/);
    expect((await call<{ valid: boolean }>('loyalty.counter.validatePin', { pin: hub.control.lastPin(ANA)! })).valid).toBe(true);
    expect((await fail('loyalty.counter.redeem', { amountCents: 12001 })).code).toBe('loyalty.tooMuch');
    const sale = await call<Sale>('loyalty.counter.redeem', { amountCents: 2000 });
    expect(sale.totals.netCents).toBe(6970);
    await call('sales.addPayment', { formCode: 1, amountCents: 6970 });
    const camp = await call<{ status: string; campaigns: { id: number }[] }>('loyalty.counter.campaigns');
    expect(camp.status).toBe('ok');
    const r = await call<{ sale: Sale; outcome: { bonus: string; generatedCents: number } }>('loyalty.counter.finalize', { campaignId: 102, campaignDescription: 'Bônus 10% Clube' });
    expect(r.outcome).toMatchObject({ bonus: 'done', generatedCents: 697 });
    const ops = rows(r.sale.id);
    expect(ops.map((o) => [o.kind, o.status])).toEqual([
      ['hub.ResgatarSaldo', 'done'],
      ['hub.GerarBonus', 'done'],
    ]);
    expect(hub.control.requests('ResgatarSaldo').map((x) => x.body)).toEqual([
      expect.objectContaining({ Cpf: ANA, ValorResgatado: 20, VendaValorLiquido: 69.7 }),
    ]);
    expect(hub.control.requests('GerarBonus')[0].body).toMatchObject({ CampanhaId: 102, Venda: { DocumentoNF: '1', ValorResgate: 20, ValorLiquido: 69.7 } });
    const mine = requestsOfGuids(hub.control.requests(), [...ops.map((o) => o.opId), (camp as { guid?: string }).guid ?? '']);
    expect(checkSaleMessages(mine)).toEqual([]);
    expect(hub.control.customer(ANA)).toMatchObject({ availableCents: 12000 - 2000 + 697 });
  });

  it('items changed after the redemption: it is decided again (and the PIN asked again)', async () => {
    await call('sales.scan', { text: '3*7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    expect((await call<Sale>('loyalty.counter.redeem', { amountCents: 1000 })).totals.redemptionCents).toBe(1000);
    const after = await call<Sale>('sales.scan', { text: '96385074' });
    expect(after.totals.redemptionCents).toBe(0);
    const st = await call<{ customer: { redemptionDecided: boolean; maxRedeemableCents: number } }>('loyalty.counter.state');
    expect(st.customer).toMatchObject({ redemptionDecided: false, maxRedeemableCents: 4590 });
    // Business refusal at identification: the hub's Mensagem reaches the screen.
    hub.control.setFault({ route: 'CadastrarCliente', kind: 'business', mensagem: 'Cliente bloqueado no programa', times: 1 });
    const e = await fail('loyalty.counter.identify', { cpf: ANA });
    expect(e).toMatchObject({ code: 'hub.business', message: 'Cliente bloqueado no programa' });
    // Discarding the sale takes the customer off it.
    await call('sales.discard');
    expect((await call<{ customer: unknown }>('loyalty.counter.state')).customer).toBeNull();
  });

  it('ResgatarSaldo is sent with 0 when nothing was used; balance covering the whole sale → form 90', async () => {
    await call('sales.scan', { text: '96385074' }); // 4,79
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.skipRedemption');
    await call('sales.addPayment', { formCode: 1, amountCents: 479 });
    await call('loyalty.counter.finalize', { campaignId: null });
    expect(hub.control.requests('ResgatarSaldo')[0].body).toMatchObject({ ValorResgatado: 0, VendaValorLiquido: 4.79 });
    expect(hub.control.requests('GerarBonus')[0].body).toMatchObject({ CampanhaId: null });

    await call('sales.scan', { text: '96385074' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    const s = await call<Sale>('loyalty.counter.redeem', { amountCents: 479 });
    expect(s.totals.netCents).toBe(0);
    const r = await call<{ sale: Sale }>('loyalty.counter.finalize', { campaignId: 101, campaignDescription: 'x' });
    expect(r.sale.totals.redemptionCents).toBe(479);
    const gb = hub.control.requests('GerarBonus')[1].body as { Venda: { FormasDePagamento: unknown } };
    expect(gb.Venda.FormasDePagamento).toEqual([{ Id: 90, ValorPago: 0 }]);
    expect(checkSaleMessages(requestsOfGuids(hub.control.requests(), rows(r.sale.id).map((o) => o.opId)))).toEqual([]);
  });

  it('hub down at Finalizar: the sale completes; campaign query + bonus delivered once when the hub returns', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.skipRedemption');
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    await hub.control.setDown(true);
    const camp = await call<{ status: string }>('loyalty.counter.campaigns');
    expect(camp.status).toBe('unavailable');
    const r = await call<{ sale: Sale; outcome: { bonus: string } }>('loyalty.counter.finalize', { campaignId: null, campaignsQueued: true });
    expect(r.sale.status).toBe('finalizada');
    expect(r.outcome.bonus).toBe('pending');
    await hub.control.setDown(false);
    core.services.outbox.worker.notifyOnline('hub');
    const ids = rows(r.sale.id).map((o) => o.opId);
    let settled = await core.services.outbox.worker.waitFor(ids, 20_000);
    while (settled.some((x) => x.status !== 'done')) {
      core.services.outbox.worker.notifyOnline('hub');
      settled = await core.services.outbox.worker.waitFor(ids, 20_000);
    }
    expect([...settled].sort((a, b) => a.seq - b.seq).map((x) => x.kind)).toEqual(['hub.ConsultarCampanha', 'hub.ResgatarSaldo', 'hub.GerarBonus']);
    const bonus = hub.control.requests('GerarBonus').filter((x) => x.status === 200);
    expect(bonus).toHaveLength(1);
    expect(bonus[0].body).toMatchObject({ CampanhaId: 101 });
  }, 60_000);

  it('ResgatarSaldo refused: discount kept, warning recorded; GerarBonus refused after a redemption → EstornarVenda queued', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.redeem', { amountCents: 1000 });
    await call('sales.addPayment', { formCode: 1, amountCents: 1990 });
    hub.control.setFault({ route: 'ResgatarSaldo', kind: 'business', times: 1, mensagem: 'Saldo bloqueado' });
    const r = await call<{ sale: Sale; outcome: { warnings: string[]; bonus: string } }>('loyalty.counter.finalize', { campaignId: null });
    expect(r.sale.totals.redemptionCents).toBe(1000);
    expect(r.outcome.warnings.join(' ')).toMatch(/ajuste o saldo manualmente/i);
    expect(core.db.prepare('SELECT warning FROM sale_loyalty WHERE sale_id = ?').get(r.sale.id)).toEqual({ warning: expect.stringMatching(/manualmente/) });

    await call('sales.scan', { text: '7891234567895' });
    await call('loyalty.counter.identify', { cpf: CARLA });
    await call('loyalty.counter.redeem', { amountCents: 500 });
    await call('sales.addPayment', { formCode: 1, amountCents: 2490 });
    hub.control.setFault({ route: 'GerarBonus', kind: 'business', times: 1 });
    const before = hub.control.customer(CARLA)!.availableCents;
    const r2 = await call<{ sale: Sale; outcome: { bonus: string; reversal: unknown } }>('loyalty.counter.finalize', { campaignId: 101, campaignDescription: 'x' });
    expect(r2.outcome.bonus).toBe('failed');
    expect(rows(r2.sale.id).map((o) => [o.kind, o.status])).toEqual([
      ['hub.ResgatarSaldo', 'done'],
      ['hub.GerarBonus', 'attention'],
      ['hub.EstornarVenda', 'done'],
    ]);
    expect(hub.control.customer(CARLA)!.availableCents).toBe(before);
  });
});
