import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubCommunicationError } from './errors';
import { ANA, BRUNO, CARLA, NEWCOMER, TOKEN, makeSale, newOpKey, setupHub, type HubKit } from '../../../test-support/hub-kit';

/** Every route against the sandbox over real HTTP: what the sandbox RECEIVED, and what we made of its answer. */

const GUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
let kit: HubKit;

beforeEach(async () => {
  kit = await setupHub();
});
afterEach(async () => {
  await kit.close();
});

function lastReceived(route: string) {
  const all = kit.sandbox.control.requests().filter((r) => r.route === route);
  expect(all.length).toBeGreaterThan(0);
  return all[all.length - 1];
}

function opRow(guid: string) {
  return kit.db.prepare(`SELECT * FROM hub_operations WHERE guid = ?`).get(guid) as Record<string, unknown>;
}

describe('headers and transport', () => {
  it('sends Authorization, cnpj, tipo_ambiente and produto_descricao on every call, POST {baseUrl}/{Route}', async () => {
    await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA });
    const r = lastReceived('ConsultarSaldo');
    expect(r.path).toBe('/ConsultarSaldo');
    expect(r.headers.authorization).toBe(TOKEN);
    expect(r.headers.cnpj).toBe('54517628001593');
    expect(r.headers.tipo_ambiente).toBe('0');
    expect(r.headers.produto_descricao).toBe('Microvix');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends tipo_ambiente 1 in Produção and the other partner product name', async () => {
    kit.loyalty.settings.save({ hubEnabled: true, partnerId: 2, companyId: 1, integrationKey: 'outra-chave', environment: 1, active: true });
    await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA });
    const r = lastReceived('ConsultarSaldo');
    expect(r.headers.tipo_ambiente).toBe('1');
    expect(r.headers.produto_descricao).toBe('Seta');
    expect(r.headers.authorization).toBe('outra-chave');
  });

  it('stores the operation with an uppercase GUID before the call and marks it succeeded after', async () => {
    const res = await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA });
    expect(res.guid).toMatch(GUID_UPPER);
    expect(lastReceived('ConsultarSaldo').body).toMatchObject({ IdentificadorTransacao: res.guid });
    const row = opRow(res.guid);
    expect(row).toMatchObject({ route: 'ConsultarSaldo', status: 'succeeded', attempts: 1, http_status: 200 });
    expect(JSON.parse(row.request_json as string).Venda.Cpf).toBe(ANA);
  });

  it('the row exists as pending BEFORE the request reaches the partner', async () => {
    kit.sandbox.control.setFault({ route: 'ResgatarSaldo', kind: 'latency', latencyMs: 300 });
    const call = kit.loyalty.client.resgatarSaldo(makeSale(), { cpf: ANA }, { opKey: newOpKey() });
    while (kit.sandbox.control.requests('ResgatarSaldo').length === 0) await new Promise((r) => setTimeout(r, 5));
    const guid = (kit.sandbox.control.requests('ResgatarSaldo')[0].body as { IdentificadorTransacao: string }).IdentificadorTransacao;
    expect(opRow(guid)).toMatchObject({ status: 'pending', attempts: 1, response_json: null });
    await call;
    expect(opRow(guid)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('uses the configured route names (route table), not hard-coded ones', async () => {
    await kit.close();
    kit = await setupHub({ sandbox: { routes: { ConsultarSaldo: 'SaldoParceiro', GerarBonus: 'v2/Bonificar' } } });
    kit.db.prepare(`UPDATE hub_partners SET routes_json = ? WHERE id = 1`).run(JSON.stringify({ ConsultarSaldo: 'SaldoParceiro', GerarBonus: 'v2/Bonificar' }));
    await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA });
    await kit.loyalty.client.gerarBonus(makeSale({ redemptionCents: 0 }), { cpf: ANA, campaignId: null }, { opKey: newOpKey() });
    expect(kit.sandbox.control.requests().map((r) => r.path)).toEqual(['/SaldoParceiro', '/v2/Bonificar']);
  });
});

describe('routes', () => {
  it('CadastrarCliente registers an unknown valid CPF with every contract field, decimals at the boundary', async () => {
    expect(kit.sandbox.control.customer(NEWCOMER)).toBeNull();
    const res = await kit.loyalty.client.cadastrarCliente({
      cpf: '123.456.789-09',
      name: 'Diego Novo',
      monthlyIncomeCents: 250050,
      dependents: 2,
      address: { zip: '01310-100', street: 'Av. Paulista', number: '1000', complement: '', district: 'Bela Vista', city: 'São Paulo', state: 'SP', country: 'Brasil' },
      contact: { phone: '', mobile: '11955554444', email: 'diego@example.com' },
    });
    expect(res).toMatchObject({ currentCents: 0, availableCents: 0, usesPin: false, pinType: null, registered: true });
    expect(kit.sandbox.control.customer(NEWCOMER)?.name).toBe('Diego Novo');
    const body = lastReceived('CadastrarCliente').body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'IdentificadorTransacao', 'Nome', 'RG', 'CPF', 'EstadoCivil', 'DataNascimento', 'Sexo', 'Profissao', 'NomeMae', 'NomePai', 'NomeConjuge',
        'Naturalidade', 'Escolariedade', 'RendaMensal', 'NumeroDependentes', 'LocalDeTrabalho', 'TempoNoAtualEmprego', 'Endereco', 'Contato',
      ].sort(),
    );
    expect(body).toMatchObject({ CPF: NEWCOMER, RendaMensal: 2500.5, NumeroDependentes: 2, EstadoCivil: 1, Sexo: 0, Escolariedade: 0 });
    expect(body.Endereco).toMatchObject({ Cep: '01310100', UF: 'SP' });
  });

  it('ConsultarSaldo sends the sale with the contract totals and returns cents', async () => {
    const res = await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA });
    expect(res).toMatchObject({ currentCents: 15000, availableCents: 12000, usesPin: true, pinType: 1 });
    const r = lastReceived('ConsultarSaldo');
    expect(r.body).toMatchObject({
      Venda: {
        Cpf: ANA,
        Vendedor: { Id: 1, Nome: 'Caixa 01' },
        DataHora: '2026-11-23T12:05:00.000Z',
        ValorBruto: 48.95,
        DescontoTotalValor: 8,
        ValorLiquido: 41.45,
        QuantidadeTotalItens: 5,
      },
    });
    expect((r.body as { Venda: { Itens: unknown[] } }).Venda.Itens).toEqual([
      { Ordem: 1, Codigo: 1, Ean: '7890000123457', Produto: 'Shampoo Cachos 300ml', QuantidadeTotal: 3, ValorUnitario: 13.59, ValorBruto: 40.77, ValorDesconto: 2, ValorAcrescimo: 0, ValorLiquido: 38.77 },
      { Ordem: 2, Codigo: 3, Ean: '7890153209879', Produto: 'Molho de Tomate 300g', QuantidadeTotal: 2, ValorUnitario: 4.09, ValorBruto: 8.18, ValorDesconto: 0, ValorAcrescimo: 0.5, ValorLiquido: 8.68 },
    ]);
    // Decimals with at most 2 places on the wire: no float noise.
    expect(r.rawBody).not.toMatch(/:-?\d+\.\d{3,}[,}\]]/);
    expect(r.rawBody).toContain('"ValorLiquido":41.45');
  });

  it('EnviarPin by SMS and by e-mail puts a PIN in the sandbox log; ValidarPin checks it and never stores it', async () => {
    await kit.loyalty.client.enviarPin({ cpf: ANA, pinType: 1, mobile: '(11) 98765-4321' });
    await kit.loyalty.client.enviarPin({ cpf: BRUNO, pinType: 2, email: 'bruno@example.com' });
    expect(lastReceived('EnviarPin').body).toMatchObject({ Cpf: BRUNO, TipoPin: 2, Email: 'bruno@example.com', Celular: '' });
    const pins = kit.sandbox.control.pins();
    expect(pins.map((p) => [p.cpf, p.channel, p.destination])).toEqual([
      [ANA, 'SMS', '11987654321'],
      [BRUNO, 'E-mail', 'bruno@example.com'],
    ]);
    const pin = kit.sandbox.control.lastPin(ANA)!;
    const wrong = pin === '000000' ? '111111' : '000000';
    expect((await kit.loyalty.client.validarPin({ cpf: ANA, pin: wrong })).valid).toBe(false);
    const ok = await kit.loyalty.client.validarPin({ cpf: ANA, pin });
    expect(ok.valid).toBe(true);
    expect(lastReceived('ValidarPin').body).toMatchObject({ Cpf: ANA, Pin: pin });
    expect(opRow(ok.guid).request_json).not.toContain(pin);
  });

  it('rejects a PIN over 8 digits or with letters before calling (nothing stored)', async () => {
    await expect(kit.loyalty.client.validarPin({ cpf: ANA, pin: '123456789' })).rejects.toMatchObject({ code: 'hub.invalidPin' });
    await expect(kit.loyalty.client.validarPin({ cpf: ANA, pin: '12ab' })).rejects.toMatchObject({ code: 'hub.invalidPin' });
    await expect(kit.loyalty.client.consultarSaldo(makeSale(), { cpf: '52998224724' })).rejects.toMatchObject({ code: 'hub.invalidCpf' });
    expect(kit.sandbox.control.requests()).toHaveLength(0);
    expect(kit.loyalty.operations.list()).toHaveLength(0);
  });

  it('ConsultarCampanha sends payments and totals; campaigns configurable (incl. empty and no "Não Bonificar")', async () => {
    const res = await kit.loyalty.client.consultarCampanha(makeSale(), { cpf: ANA, coupon: 'BEMVINDO' });
    expect(res.allowNoBonus).toBe(true);
    expect(res.campaigns.map((c) => [c.id, c.discountCents])).toEqual([
      [101, 207],
      [102, 415],
    ]);
    expect(lastReceived('ConsultarCampanha').body).toMatchObject({
      Venda: {
        ValorLiquido: 41.45,
        ValorBruto: 48.95,
        ValorAcrescimo: 0.5,
        DescontoTotalValor: 8,
        ValorResgate: 5,
        CupomDesconto: 'BEMVINDO',
        QuantidadeTotalItens: 5,
        FormasDePagamento: [
          { Id: 1, ValorPago: 20 },
          { Id: 3, ValorPago: 21.45 },
        ],
        Cpf: ANA,
      },
    });
    kit.sandbox.control.setCampaigns('empty', false);
    const none = await kit.loyalty.client.consultarCampanha(makeSale(), { cpf: ANA });
    expect(none).toMatchObject({ campaigns: [], allowNoBonus: false });
  });

  it('ResgatarSaldo sends the same net as ConsultarCampanha/GerarBonus and debits the balance once', async () => {
    const sale = makeSale();
    await kit.loyalty.client.consultarCampanha(sale, { cpf: ANA });
    await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() });
    await kit.loyalty.client.gerarBonus(sale, { cpf: ANA, campaignId: 101 }, { opKey: newOpKey() });
    const resg = lastReceived('ResgatarSaldo').body as Record<string, number>;
    expect(resg).toMatchObject({ Cpf: ANA, VendaValorLiquido: 41.45, ValorResgatado: 5 });
    expect((lastReceived('ConsultarCampanha').body as { Venda: { ValorLiquido: number } }).Venda.ValorLiquido).toBe(resg.VendaValorLiquido);
    expect((lastReceived('GerarBonus').body as { Venda: { ValorLiquido: number } }).Venda.ValorLiquido).toBe(resg.VendaValorLiquido);
    // 120,00 available − 5,00 redeemed + 2,07 bonus (5% of 41,45).
    expect(kit.sandbox.control.customer(ANA)).toMatchObject({ availableCents: 12000 - 500 + 207, currentCents: 15000 - 500 + 207 });
  });

  it('a sale with weighed lines: QuantidadeTotal 1, ValorUnitario = the line gross, counted as 1 item; the sandbox accepts it', async () => {
    const sale = makeSale({
      cpf: CARLA,
      redemptionCents: 0,
      saleDiscountCents: 0,
      lines: [
        { code: 7, ean: '7895550000012', description: 'Queijo Minas kg', quantity: 350, fractional: true, unitPriceCents: 3990 }, // 13,97
        { code: 4, ean: '96385074', description: 'Açúcar 1kg', quantity: 2, unitPriceCents: 479 },
        { code: 9, ean: '2000090012508', description: 'Picanha kg', quantity: 1250, fractional: true, unitPriceCents: 8990, discountCents: 100 }, // 112,38
      ],
      payments: [{ formCode: 1, amountCents: 1397 + 958 + 11238 - 100 }],
    });
    const bonus = await kit.loyalty.client.gerarBonus(sale, { cpf: CARLA, campaignId: null }, { opKey: newOpKey() });
    expect(bonus).toBeTruthy();
    const body = lastReceived('GerarBonus').body as { Venda: { QuantidadeTotalItens: number; ValorBruto: number; Itens: Record<string, unknown>[] } };
    expect(body.Venda.Itens.map((i) => [i.QuantidadeTotal, i.ValorUnitario, i.ValorBruto])).toEqual([
      [1, 13.97, 13.97],
      [2, 4.79, 9.58],
      [1, 112.38, 112.38],
    ]);
    expect(body.Venda.QuantidadeTotalItens).toBe(4);
    expect(body.Venda.ValorBruto).toBe(135.93);
    expect(kit.sandbox.control.requests('GerarBonus').at(-1)?.status).toBe(200);
  });

  it('ResgatarSaldo runs with ValorResgatado 0 when nothing was redeemed', async () => {
    await kit.loyalty.client.resgatarSaldo(makeSale({ cpf: CARLA, redemptionCents: 0 }), { cpf: CARLA }, { opKey: newOpKey() });
    expect(lastReceived('ResgatarSaldo').body).toMatchObject({ Cpf: CARLA, ValorResgatado: 0, VendaValorLiquido: 46.45 });
    expect(kit.sandbox.control.customer(CARLA)?.availableCents).toBe(4590);
  });

  it('GerarBonus sends DocumentoNF/SerieNF and CampanhaId (null = Não Bonificar → both amounts 0)', async () => {
    const bonus = await kit.loyalty.client.gerarBonus(makeSale(), { cpf: ANA, campaignId: 102 }, { opKey: newOpKey() });
    expect(bonus).toMatchObject({ generatedCents: 415, bonusBalanceCents: 15000 + 415 });
    expect(lastReceived('GerarBonus').body).toMatchObject({ CampanhaId: 102, Venda: { DocumentoNF: '123', SerieNF: '1', ValorResgate: 5, DescontoTotalValor: 8 } });
    const none = await kit.loyalty.client.gerarBonus(makeSale({ documentNumber: 124 }), { cpf: ANA, campaignId: null }, { opKey: newOpKey() });
    expect(none).toMatchObject({ generatedCents: 0, bonusBalanceCents: 0 });
    expect(lastReceived('GerarBonus').body).toMatchObject({ CampanhaId: null });
  });

  it('EstornarVenda reverses what the sale used and generated', async () => {
    const sale = makeSale();
    await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() });
    await kit.loyalty.client.gerarBonus(sale, { cpf: ANA, campaignId: 101 }, { opKey: newOpKey() });
    const rev = await kit.loyalty.client.estornarVenda({ cpf: ANA, documentNumber: 123, series: '1' }, { opKey: newOpKey() });
    expect(rev).toMatchObject({ reversedUsedCents: 500, reversedGeneratedCents: 207, bonusBalanceCents: 15000 });
    expect(lastReceived('EstornarVenda').body).toEqual({ IdentificadorTransacao: rev.guid, DocumentoNF: '123', SerieNF: '1', Cpf: ANA });
    expect(kit.sandbox.control.customer(ANA)).toMatchObject({ availableCents: 12000, currentCents: 15000 });
  });
});

describe('GUID reuse on retry', () => {
  it('a dropped answer after the hub applied the redemption: retry(guid) reuses the GUID and the balance moves once', async () => {
    kit.sandbox.control.setFault({ route: 'ResgatarSaldo', kind: 'drop', afterEffect: true, times: 1 });
    const sale = makeSale();
    const err = await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() }).catch((e) => e);
    expect(err).toBeInstanceOf(HubCommunicationError);
    const guid = (err as HubCommunicationError).guid!;
    expect(opRow(guid)).toMatchObject({ status: 'communication_error', attempts: 1, response_json: null });
    expect(kit.sandbox.control.customer(ANA)?.availableCents).toBe(11500);

    const again = await kit.loyalty.client.retry(guid);
    expect(again.guid).toBe(guid);
    const sent = kit.sandbox.control.requests('ResgatarSaldo').map((r) => (r.body as { IdentificadorTransacao: string }).IdentificadorTransacao);
    expect(sent).toEqual([guid, guid]);
    expect(kit.sandbox.control.customer(ANA)?.availableCents).toBe(11500);
    expect(opRow(guid)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('calling again with the same opKey reuses the GUID; once succeeded the stored answer is returned without a call', async () => {
    kit.sandbox.control.setFault({ route: 'GerarBonus', kind: 'http500', times: 1 });
    const sale = makeSale();
    const opKey = `${sale.id}:GerarBonus`;
    const first = await kit.loyalty.client.gerarBonus(sale, { cpf: ANA, campaignId: 101 }, { opKey }).catch((e) => e);
    expect(first).toBeInstanceOf(HubCommunicationError);
    const second = await kit.loyalty.client.gerarBonus(sale, { cpf: ANA, campaignId: 101 }, { opKey });
    expect(second.guid).toBe((first as HubCommunicationError).guid);
    const third = await kit.loyalty.client.gerarBonus(sale, { cpf: ANA, campaignId: 101 }, { opKey });
    expect(third).toEqual(second);
    expect(kit.sandbox.control.requests('GerarBonus')).toHaveLength(2);
    expect(kit.sandbox.control.customer(ANA)?.currentCents).toBe(15000 + 207);
    // A different body under the same key is a new operation with a new GUID.
    const other = await kit.loyalty.client.gerarBonus(makeSale({ documentNumber: 200 }), { cpf: ANA, campaignId: null }, { opKey });
    expect(other.guid).not.toBe(second.guid);
  });

  it('ValidarPin: a retry of the same PIN reuses the GUID; a different PIN under the same opKey is a new operation', async () => {
    await kit.loyalty.client.enviarPin({ cpf: ANA, pinType: 1 });
    const pin = kit.sandbox.control.lastPin(ANA)!;
    const wrong = pin === '000000' ? '111111' : '000000';
    const opKey = 'sale-1:ValidarPin';
    kit.sandbox.control.setFault({ route: 'ValidarPin', kind: 'drop', times: 1 });
    const lost = await kit.loyalty.client.validarPin({ cpf: ANA, pin: wrong }, { opKey }).catch((e) => e);
    expect(lost).toBeInstanceOf(HubCommunicationError);
    const retried = await kit.loyalty.client.validarPin({ cpf: ANA, pin: wrong }, { opKey });
    expect(retried).toEqual({ guid: (lost as HubCommunicationError).guid, valid: false });
    const right = await kit.loyalty.client.validarPin({ cpf: ANA, pin }, { opKey });
    expect(right.valid).toBe(true);
    expect(right.guid).not.toBe(retried.guid);
    expect(JSON.stringify(kit.loyalty.operations.list())).not.toContain(`"${pin}"`);
  });

  it('the sandbox is idempotent by GUID: the same GUID gets the same answer and the effect once', async () => {
    const sale = makeSale();
    const res = await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() });
    kit.db.prepare(`UPDATE hub_operations SET status = 'communication_error' WHERE guid = ?`).run(res.guid);
    await kit.loyalty.client.retry(res.guid);
    expect(kit.sandbox.control.requests('ResgatarSaldo')).toHaveLength(2);
    expect(kit.sandbox.control.customer(ANA)?.availableCents).toBe(11500);
  });
});
