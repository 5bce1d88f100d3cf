import { describe, expect, it } from 'vitest';
import { HubBusinessError, HubCommunicationError, HubOutOfStandardError } from './errors';
import type { HubRoute } from './routes';
import { interpretResponse } from './transport';

/** How partner answers are read (pure function over status + raw body). */
const G = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
/** A 2xx answer echoes the request's GUID (required since issue 8): added here unless the test sets it. */
const read = <R extends HubRoute>(route: R, status: number, body: unknown) =>
  interpretResponse(
    route,
    G,
    status,
    typeof body === 'string' ? body : JSON.stringify(status < 300 && body && typeof body === 'object' && !('IdentificadorTransacao' in body) ? { IdentificadorTransacao: G, ...body } : body),
  );
const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('deveria falhar');
};

describe('response validation', () => {
  it('accepts the contract shape and tolerates extra fields', () => {
    const r = read('ConsultarSaldo', 200, { IdentificadorTransacao: G.toLowerCase(), SaldoAtual: 12.5, SaldoDisponivel: 0, UtilizaPin: false, Extra: 1 });
    expect(r.value).toMatchObject({ SaldoAtual: 12.5, SaldoDisponivel: 0 });
  });

  it.each([
    ['missing required SaldoDisponivel', { SaldoAtual: 1, UtilizaPin: false }],
    ['money as a string', { SaldoAtual: '12,50', SaldoDisponivel: 1, UtilizaPin: false }],
    ['money with 3 decimal places', { SaldoAtual: 12.505, SaldoDisponivel: 1, UtilizaPin: false }],
    ['negative balance', { SaldoAtual: -1, SaldoDisponivel: 1, UtilizaPin: false }],
    ['UtilizaPin without TipoPin', { SaldoAtual: 1, SaldoDisponivel: 1, UtilizaPin: true }],
    ['TipoPin out of the enum', { SaldoAtual: 1, SaldoDisponivel: 1, UtilizaPin: true, TipoPin: 3 }],
    ['another GUID echoed', { IdentificadorTransacao: '00000000-0000-0000-0000-000000000000', SaldoAtual: 1, SaldoDisponivel: 1, UtilizaPin: false }],
    ['a JSON array', [1, 2]],
    ['null', null],
  ])('ConsultarSaldo: %s → out-of-standard', (_name, body) => {
    expect(fails(() => read('ConsultarSaldo', 200, body))).toBeInstanceOf(HubOutOfStandardError);
  });

  it('Campanhas: [] needs no item fields; items need Id, Descricao, ValorDesconto, DataInicio, DataFinal', () => {
    expect(read('ConsultarCampanha', 200, { Campanhas: [], HabilitaBotaoNaoBonificar: false }).value.Campanhas).toEqual([]);
    const item = { Id: 1, Descricao: 'x', ValorDesconto: 1.5, DataInicio: '2026-01-01', DataFinal: '2026-12-31' };
    expect(read('ConsultarCampanha', 200, { Campanhas: [{ ...item, TextoComplementar: null }], HabilitaBotaoNaoBonificar: true }).value.Campanhas).toHaveLength(1);
    for (const k of ['Id', 'Descricao', 'ValorDesconto', 'DataInicio', 'DataFinal']) {
      const broken: Record<string, unknown> = { ...item };
      delete broken[k];
      expect(fails(() => read('ConsultarCampanha', 200, { Campanhas: [broken], HabilitaBotaoNaoBonificar: true }))).toBeInstanceOf(HubOutOfStandardError);
    }
    expect(fails(() => read('ConsultarCampanha', 200, { HabilitaBotaoNaoBonificar: true }))).toBeInstanceOf(HubOutOfStandardError);
    expect(fails(() => read('ConsultarCampanha', 200, { Campanhas: [] }))).toBeInstanceOf(HubOutOfStandardError);
  });

  it('GerarBonus and EstornarVenda: required amounts and DataHora', () => {
    expect(read('GerarBonus', 200, { SaldoBonusGeradoVenda: 0, SaldoBonusAtual: 0 }).value.MensagemComplementar).toBeUndefined();
    expect(fails(() => read('GerarBonus', 200, { SaldoBonusGeradoVenda: 0 }))).toBeInstanceOf(HubOutOfStandardError);
    expect(fails(() => read('EstornarVenda', 200, { ValorEstornadoUtilizado: 0, ValorEstornadoGerado: 0, SaldoBonusAtual: 0 }))).toBeInstanceOf(HubOutOfStandardError);
    expect(fails(() => read('ValidarPin', 200, { PinValido: 'true' }))).toBeInstanceOf(HubOutOfStandardError);
  });

  it('400: business with Codigo (number or string) and Mensagem; a 400 without them is out-of-standard', () => {
    const e = fails(() => read('ResgatarSaldo', 400, { IdentificadorTransacao: G, Codigo: '40', Mensagem: 'Saldo insuficiente' }));
    expect(e).toBeInstanceOf(HubBusinessError);
    expect(e).toMatchObject({ hubCode: '40', message: 'Saldo insuficiente', guid: G, route: 'ResgatarSaldo' });
    expect(fails(() => read('ResgatarSaldo', 400, { erro: 'x' }))).toBeInstanceOf(HubOutOfStandardError);
    expect(fails(() => read('ResgatarSaldo', 400, 'Bad Request'))).toBeInstanceOf(HubOutOfStandardError);
  });

  it('other statuses are communication failures naming what happened', () => {
    expect(fails(() => read('EnviarPin', 503, ''))).toMatchObject({ reason: 'server', httpStatus: 503 });
    const unauthorized = fails(() => read('EnviarPin', 401, ''));
    expect(unauthorized).toBeInstanceOf(HubCommunicationError);
    expect((unauthorized as Error).message).toMatch(/recusou a Chave de Integração \(HTTP 401\)/);
    expect((fails(() => read('EnviarPin', 404, '')) as Error).message).toMatch(/rota EnviarPin não foi encontrada/);
  });
});
