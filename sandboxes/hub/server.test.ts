import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../common/raw-request';
import { startHubSandbox, type HubSandbox } from './server';

/** The sandbox hub over raw HTTP (fetch): contract validation, idempotency, control API, page. */

let hub: HubSandbox;
beforeEach(async () => {
  hub = await startHubSandbox({ port: 0 });
});
afterEach(async () => {
  await hub.close();
});

const HEADERS = { 'content-type': 'application/json', Authorization: 'token-de-teste', cnpj: '54517628001593', tipo_ambiente: '0', produto_descricao: 'Microvix' };
let n = 0;
const guid = () => `3F2504E0-4F89-41D3-9A0C-${String(++n).padStart(12, '0')}`;

async function post(route: string, body: unknown, headers: Record<string, string> = HEADERS) {
  const res = await fetch(`${hub.url}/${route}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json: json as Record<string, unknown>, text };
}

const resgate = (g: string, valor: number, cpf = '52998224725') => ({ IdentificadorTransacao: g, Cpf: cpf, VendaValorLiquido: 50, ValorResgatado: valor });

describe('request validation → 400 {IdentificadorTransacao, Codigo, Mensagem}', () => {
  it.each([
    ['no Authorization', { ...HEADERS, Authorization: '' }, 11, /Authorization ausente/],
    ['token with 601 characters', { ...HEADERS, Authorization: 'a'.repeat(601) }, 11, /mais de 600/],
    ['CNPJ with wrong check digits', { ...HEADERS, cnpj: '54517628001594' }, 12, /cnpj/],
    ['CNPJ with punctuation', { ...HEADERS, cnpj: '54.517.628/0015-93' }, 12, /cnpj/],
    ['tipo_ambiente 2', { ...HEADERS, tipo_ambiente: '2' }, 13, /tipo_ambiente/],
    ['no produto_descricao', { ...HEADERS, produto_descricao: '' }, 14, /produto_descricao/],
  ])('%s', async (_n, headers, codigo, msg) => {
    const g = guid();
    const r = await post('ResgatarSaldo', resgate(g, 0), headers as Record<string, string>);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ IdentificadorTransacao: g, Codigo: codigo });
    expect(r.json.Mensagem).toMatch(msg);
  });

  it('accepts a token of exactly 600 characters', async () => {
    expect((await post('ResgatarSaldo', resgate(guid(), 0), { ...HEADERS, Authorization: 'a'.repeat(600) })).status).toBe(200);
  });

  it('rejects bad CPF check digits, a 9-digit PIN, a non-GUID, money as string and non-JSON', async () => {
    expect((await post('ResgatarSaldo', resgate(guid(), 0, '52998224724'))).json).toMatchObject({ Codigo: 23 });
    expect((await post('ValidarPin', { IdentificadorTransacao: guid(), Cpf: '52998224725', Pin: '123456789' })).json).toMatchObject({ Codigo: 24 });
    expect((await post('ValidarPin', { IdentificadorTransacao: 'abc', Cpf: '52998224725', Pin: '1234' })).json).toMatchObject({ Codigo: 21 });
    expect((await post('ResgatarSaldo', { ...resgate(guid(), 0), ValorResgatado: '5,00' })).json).toMatchObject({ Codigo: 22 });
    expect((await post('ResgatarSaldo', 'nope')).json).toMatchObject({ Codigo: 20 });
    expect((await post('NaoExiste', {})).status).toBe(404);
  });

  it('checks the contract totals of a sale', async () => {
    const item = { Ordem: 1, Codigo: 1, Ean: '1', Produto: 'x', QuantidadeTotal: 2, ValorUnitario: 1.5, ValorBruto: 3, ValorDesconto: 0, ValorAcrescimo: 0, ValorLiquido: 3 };
    const venda = { Cpf: '52998224725', Vendedor: { Id: 1, Nome: 'A' }, DataHora: '2026-11-23T12:00:00Z', ValorLiquido: 3, ValorBruto: 3, DescontoTotalValor: 0, QuantidadeTotalItens: 2, Itens: [item] };
    expect((await post('ConsultarSaldo', { IdentificadorTransacao: guid(), Venda: venda })).status).toBe(200);
    const bad = await post('ConsultarSaldo', { IdentificadorTransacao: guid(), Venda: { ...venda, ValorLiquido: 2.99 } });
    expect(bad.json).toMatchObject({ Codigo: 25 });
    expect(bad.json.Mensagem).toMatch(/ValorLiquido/);
    const badItem = await post('ConsultarSaldo', { IdentificadorTransacao: guid(), Venda: { ...venda, Itens: [{ ...item, ValorBruto: 3.01 }] } });
    expect(badItem.json.Mensagem).toMatch(/item 1: ValorBruto/);
  });
});

describe('business rules and idempotency', () => {
  it('same GUID → same answer, effect applied once; the GUID on another route is refused', async () => {
    const g = guid();
    const a = await post('ResgatarSaldo', resgate(g, 10));
    const b = await post('ResgatarSaldo', resgate(g.toLowerCase(), 10));
    expect(a).toEqual({ ...b, text: a.text });
    expect(hub.control.customer('52998224725')?.availableCents).toBe(11000);
    expect((await post('ValidarPin', { IdentificadorTransacao: g, Cpf: '52998224725', Pin: '1' })).json).toMatchObject({ Codigo: 26 });
  });

  it('refuses a redemption above the available balance, and stores that answer too', async () => {
    const g = guid();
    const r = await post('ResgatarSaldo', resgate(g, 120.01));
    expect(r.json).toMatchObject({ Codigo: 40, Mensagem: 'Saldo insuficiente: disponível R$ 120,00.' });
    hub.control.customer('52998224725');
    expect(hub.control.customer('52998224725')?.availableCents).toBe(12000);
  });

  it('EnviarPin to an unregistered CPF is a business error', async () => {
    const r = await post('EnviarPin', { IdentificadorTransacao: guid(), Celular: '11999999999', Email: '', Cpf: '12345678909', TipoPin: 1 });
    expect(r.json).toMatchObject({ Codigo: 30, Mensagem: 'Cliente não cadastrado no programa de fidelidade.' });
  });
});

describe('control API and page', () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${hub.url}/__control${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  it('faults, requests and reset over HTTP', async () => {
    expect(await control('/faults', { route: 'ResgatarSaldo', kind: 'business', codigo: 5, mensagem: 'Fora do horário', times: 1 })).toMatchObject({ ok: true });
    expect((await post('ResgatarSaldo', resgate(guid(), 0))).json).toMatchObject({ Codigo: 5, Mensagem: 'Fora do horário' });
    expect((await post('ResgatarSaldo', resgate(guid(), 0))).status).toBe(200);
    await control('/faults', { route: 'EnviarPin', kind: 'malformed', malformed: 'not-json' });
    const bad = await post('EnviarPin', { IdentificadorTransacao: guid(), Celular: '', Email: '', Cpf: '52998224725', TipoPin: 1 });
    expect(bad.status).toBe(200);
    expect(bad.json).toBeNull();
    const reqs = (await control('/requests')) as { route: string; status: number; fault: string | null; headers: { authorization: string } }[];
    expect(reqs.map((r) => [r.route, r.status, r.fault])).toEqual([
      ['ResgatarSaldo', 400, 'business'],
      ['ResgatarSaldo', 200, null],
      ['EnviarPin', 200, 'malformed'],
    ]);
    // The integration key is never shown raw by the control API (issue 8): masked like the settings screen.
    expect(reqs[0].headers.authorization).toBe('••••este');
    expect(await control('/faults', { route: 'Inexistente', kind: 'http500' })).toMatchObject({ error: 'rota desconhecida: Inexistente' });
    await control('/reset', {});
    expect(await control('/requests')).toEqual([]);
  });

  it('whole hub down refuses connections, and comes back by itself after forMs', async () => {
    await control('/faults', { kind: 'down', forMs: 300 });
    await new Promise((r) => setTimeout(r, 30));
    expect(hub.control.isDown()).toBe(true);
    await expect(fetch(`${hub.url}/ResgatarSaldo`, { method: 'POST' })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 450));
    expect((await post('ResgatarSaldo', resgate(guid(), 0))).status).toBe(200);
  });

  it('the page lists the PINs sent (what the cashier reads) and the state API feeds it', async () => {
    await post('EnviarPin', { IdentificadorTransacao: guid(), Celular: '', Email: '', Cpf: '52998224725', TipoPin: 1 });
    const html = await fetch(`${hub.url}/__control`).then((r) => r.text());
    expect(html).toContain('PINs enviados');
    const state = (await control('/state')) as { pins: { pin: string; channel: string }[]; requests: { headers: { authorization: string } }[] };
    expect(state.pins[0]).toMatchObject({ channel: 'SMS', pin: hub.control.lastPin('52998224725') });
    expect(state.requests[0].headers.authorization).toBe('••••este');
  });

  it('the control port refuses a foreign Host or Origin and never answers the raw Authorization', async () => {
    await post('EnviarPin', { IdentificadorTransacao: guid(), Celular: '', Email: '', Cpf: '52998224725', TipoPin: 1 });
    const answers = await Promise.all(['', '/state', '/requests'].map((p) => fetch(`${hub.url}/__control${p}`).then((r) => r.text())));
    for (const a of answers) expect(a).not.toContain('token-de-teste');
    const raw = async (headers: Record<string, string>) => (await rawRequest(hub.port, { method: 'POST', path: '/__control/reset', headers, body: '{}' })).status;
    expect(await raw({ host: `evil.example:${hub.port}` })).toBe(421);
    expect(await raw({ host: `127.0.0.1:${hub.port}`, origin: 'http://evil.example', 'content-type': 'text/plain' })).toBe(403);
    expect(hub.control.requests()).toHaveLength(1);
  });

  it('campaigns are configurable (empty list, HabilitaBotaoNaoBonificar false)', async () => {
    await control('/campaigns', { campaigns: 'empty', allowNoBonus: false });
    const venda = {
      ValorLiquido: 0, ValorBruto: 0, ValorAcrescimo: 0, DescontoTotalValor: 0, ValorResgate: 0, CupomDesconto: '', QuantidadeTotalItens: 0,
      FormasDePagamento: [], Cpf: '52998224725', Vendedor: { Id: 1, Nome: 'A' }, DataHora: '2026-11-23T12:00:00Z', Itens: [],
    };
    expect((await post('ConsultarCampanha', { IdentificadorTransacao: guid(), Venda: venda })).json).toMatchObject({ Campanhas: [], HabilitaBotaoNaoBonificar: false });
  });
});
