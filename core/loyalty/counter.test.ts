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

  it('communication failure → the customer is attached without a balance; the retry re-sends the SAME GUID', async () => {
    hub.control.setFault({ route: 'CadastrarCliente', kind: 'http500', times: 1 });
    const offline = await call<{ panel: { guid: string; balanceKnown: boolean } }>('loyalty.counter.identify', { cpf: CARLA });
    expect(offline.panel.balanceKnown).toBe(false);
    const guid = offline.panel.guid;
    const r = await call<{ status: string; panel: { availableCents: number; balanceKnown: boolean } }>('loyalty.counter.retry', { guid });
    expect(r.status).toBe('registered');
    expect(r.panel).toMatchObject({ availableCents: 4590, balanceKnown: true });
    // Registered at the counter now: nothing left for the outbox at "Finalizar".
    expect(core.services.counter.counter.pendingRegistration((await call<Sale>('sales.current')).id)).toBeNull();
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

    // "Relatório do dia" reads the bonus the outbox stored (issue 21: it read a field the row does not have → R$ 0,00).
    const day = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
    expect(await call<{ bonusCents: number; redeemedCents: number }>('reports.daily', day)).toMatchObject({ bonusCents: 697, redeemedCents: 2000 });
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
    const first = await call<{ sale: Sale; outcome: { bonus: string; balanceCents: number | null } }>('loyalty.counter.finalize', { campaignId: null });
    expect(hub.control.requests('ResgatarSaldo')[0].body).toMatchObject({ ValorResgatado: 0, VendaValorLiquido: 4.79 });
    expect(hub.control.requests('GerarBonus')[0].body).toMatchObject({ CampanhaId: null });
    // No bonus: the hub answers SaldoBonusAtual = 0, which is not Carla's balance (R$ 45,90): never shown or printed.
    expect(first.outcome).toMatchObject({ bonus: 'done', balanceCents: null });
    const detail = await call<{ loyalty: { kind: string; balanceCents: number | null }[] }>('salesQuery.detail', { id: first.sale.id });
    expect(detail.loyalty.find((e) => e.kind === 'hub.GerarBonus')).toMatchObject({ balanceCents: null });
    await call('loyalty.counter.printReceipt', { saleId: first.sale.id });
    const job = core.db.prepare(`SELECT bytes FROM print_jobs WHERE kind = 'loyalty' AND sale_id = ?`).get(first.sale.id) as { bytes: Buffer };
    const printed = Buffer.from(job.bytes).toString('latin1');
    expect(printed).toContain('Saldo usado como desconto');
    expect(printed).not.toContain('Saldo total dispon');

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

  it('hub down at "Identificar cliente": the registry customer goes on the sale without a balance; CadastrarCliente + GerarBonus go once, in order, when the hub returns', async () => {
    await call('sales.scan', { text: '7891234567895' });
    await hub.control.setDown(true);
    const r = await call<{ status: string; panel: { title: string; name: string; currentCents: number | null; availableCents: number | null; guid: string; balanceKnown: boolean }; state: { customer: { maxRedeemableCents: number; balanceKnown: boolean } } }>(
      'loyalty.counter.identify',
      { cpf: '111.444.777-35' },
    );
    expect(r.status).toBe('registered');
    expect(r.panel).toMatchObject({ title: 'Cliente identificado sem consulta de saldo (hub fora do ar)', name: 'Bruno Lima', currentCents: null, availableCents: null, balanceKnown: false });
    expect(r.state.customer).toMatchObject({ maxRedeemableCents: 0, balanceKnown: false });
    expect((await call<Sale>('sales.current')).customerCpf).toBe('11144477735');
    // No redemption is possible on a balance nobody consulted.
    expect((await fail('loyalty.counter.redeem', { amountCents: 100 })).code).toMatch(/loyalty\./);
    await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
    expect((await call<{ status: string }>('loyalty.counter.campaigns')).status).toBe('unavailable');
    const f = await call<{ sale: Sale; outcome: { bonus: string } }>('loyalty.counter.finalize', { campaignId: null, campaignsQueued: true });
    expect(f.sale.status).toBe('finalizada');
    expect(f.outcome.bonus).toBe('pending');
    const queued = rows(f.sale.id);
    expect(queued.map((o) => o.kind)).toEqual(['hub.CadastrarCliente', 'hub.ConsultarCampanha', 'hub.ResgatarSaldo', 'hub.GerarBonus']);
    expect(queued[0].opId).toBe(r.panel.guid);

    await hub.control.setDown(false);
    core.services.outbox.worker.notifyOnline('hub');
    const ids = queued.map((o) => o.opId);
    let settled = await core.services.outbox.worker.waitFor(ids, 20_000);
    while (settled.some((x) => x.status !== 'done')) {
      core.services.outbox.worker.notifyOnline('hub');
      settled = await core.services.outbox.worker.waitFor(ids, 20_000);
    }
    const applied = hub.control.effects().filter((e) => e.route === 'CadastrarCliente' || e.route === 'GerarBonus').map((e) => e.route);
    expect(applied).toEqual(['CadastrarCliente', 'GerarBonus']);
    const delivered = hub.control.requests().filter((x) => x.status === 200).map((x) => x.route);
    expect(delivered.filter((x) => x === 'CadastrarCliente')).toHaveLength(1);
    expect(delivered.filter((x) => x === 'GerarBonus')).toHaveLength(1);
    expect(delivered.indexOf('CadastrarCliente')).toBeLessThan(delivered.indexOf('GerarBonus'));
    expect(hub.control.requests('GerarBonus').find((x) => x.status === 200)!.body).toMatchObject({ CampanhaId: 101, Venda: { Cpf: '11144477735' } });
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
