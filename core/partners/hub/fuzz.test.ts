import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../test-support/peers';
import { HubBusinessError, HubError, HubOutOfStandardError } from './errors';
import { MAPPERS } from './mappers';
import { DEFAULT_ROUTES, HUB_ROUTE_KEYS, type HubRoute } from './routes';
import { axiosExchange, threadExchange } from '../../net/exchange';
import { createHttp, interpretResponse, postHub, type HubConnection } from './transport';

/**
 * Issue 8 (4): ≥ 2,000 mutated hub answers (seeded PRNG) → 0 crashes (only
 * HubErrors may be thrown) and 0 accepted wrong values (whatever is accepted
 * passes an independent oracle written from the contract + the bounds).
 */

const G = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
const MAX = 100_000_000;

type Body = Record<string, unknown>;
const VALID: Record<HubRoute, () => Body> = {
  CadastrarCliente: () => ({ IdentificadorTransacao: G, SaldoAtual: 10.5, SaldoDisponivel: 8, UtilizaPin: true, TipoPin: 1, ClienteCadastrado: true }),
  ConsultarSaldo: () => ({ IdentificadorTransacao: G, SaldoAtual: 150, SaldoDisponivel: 120.99, UtilizaPin: false, TipoPin: null }),
  EnviarPin: () => ({ IdentificadorTransacao: G }),
  ValidarPin: () => ({ IdentificadorTransacao: G, PinValido: true }),
  ConsultarCampanha: () => ({
    IdentificadorTransacao: G,
    Campanhas: [
      { Id: 101, Descricao: 'Bônus 5%', TextoComplementar: 'Todas', ValorDesconto: 2.07, DataInicio: '2026-01-01T00:00:00.000Z', DataFinal: '2026-12-31T23:59:59Z' },
      { Id: 102, Descricao: 'Clube', TextoComplementar: null, ValorDesconto: 0, DataInicio: '2026-06-01', DataFinal: '2027-05-31' },
    ],
    HabilitaBotaoNaoBonificar: true,
  }),
  ResgatarSaldo: () => ({ IdentificadorTransacao: G }),
  GerarBonus: () => ({ IdentificadorTransacao: G, SaldoBonusGeradoVenda: 2.07, SaldoBonusAtual: 47.97, MensagemComplementar: 'Obrigado' }),
  EstornarVenda: () => ({ IdentificadorTransacao: G, ValorEstornadoUtilizado: 5, ValorEstornadoGerado: 2.07, SaldoBonusAtual: 40.9, MensagemComplementar: null, DataHora: '2026-11-23T12:05:00-03:00' }),
};

// ---- the oracle: an independent reading of what a right answer is ------------------------------------

const MONEY_KEYS = new Set(['SaldoAtual', 'SaldoDisponivel', 'ValorDesconto', 'SaldoBonusGeradoVenda', 'SaldoBonusAtual', 'ValorEstornadoUtilizado', 'ValorEstornadoGerado']);
const DATE_KEYS = new Set(['DataInicio', 'DataFinal', 'DataHora']);
const TEXT_CAP: Record<string, number> = { Descricao: 200, TextoComplementar: 500, MensagemComplementar: 500 };
const REQUIRED: Record<HubRoute, string[]> = {
  CadastrarCliente: ['SaldoAtual', 'SaldoDisponivel', 'UtilizaPin'],
  ConsultarSaldo: ['SaldoAtual', 'SaldoDisponivel', 'UtilizaPin'],
  EnviarPin: [],
  ValidarPin: ['PinValido'],
  ConsultarCampanha: ['Campanhas', 'HabilitaBotaoNaoBonificar'],
  ResgatarSaldo: [],
  GerarBonus: ['SaldoBonusGeradoVenda', 'SaldoBonusAtual'],
  EstornarVenda: ['ValorEstornadoUtilizado', 'ValorEstornadoGerado', 'SaldoBonusAtual', 'DataHora'],
};

function moneyOk(v: unknown): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX) return false;
  // At most 2 decimals, judged on the shortest decimal form JS prints.
  const text = String(v);
  if (/e/i.test(text)) return Number.isInteger(v * 100) && v * 100 < 1e21;
  const frac = text.split('.')[1] ?? '';
  return frac.length <= 2;
}

function dateOk(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return false;
  return !m[4] || (+m[5] < 24 && +m[6] < 60 && (!m[8] || +m[8] < 60));
}

function fieldOk(k: string, v: unknown): boolean {
  if (MONEY_KEYS.has(k)) return moneyOk(v);
  if (DATE_KEYS.has(k)) return dateOk(v);
  if (k in TEXT_CAP) return v === null || v === undefined || (typeof v === 'string' && v.length <= TEXT_CAP[k]);
  if (k === 'UtilizaPin' || k === 'PinValido' || k === 'HabilitaBotaoNaoBonificar') return typeof v === 'boolean';
  if (k === 'ClienteCadastrado') return v === null || v === undefined || typeof v === 'boolean';
  if (k === 'TipoPin') return v === null || v === undefined || v === 1 || v === 2;
  if (k === 'Id') return Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 31;
  return true; // unknown extra fields are tolerated
}

function oracle(route: HubRoute, body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Body;
  if (typeof b.IdentificadorTransacao !== 'string' || b.IdentificadorTransacao.toLowerCase() !== G.toLowerCase()) return false;
  for (const k of REQUIRED[route]) if (!(k in b) || b[k] === null || b[k] === undefined) return false;
  for (const [k, v] of Object.entries(b)) if (k !== 'Campanhas' && !fieldOk(k, v)) return false;
  if ((route === 'CadastrarCliente' || route === 'ConsultarSaldo') && b.UtilizaPin === true && b.TipoPin !== 1 && b.TipoPin !== 2) return false;
  if (route === 'ConsultarCampanha') {
    if (!Array.isArray(b.Campanhas) || b.Campanhas.length > 100) return false;
    for (const c of b.Campanhas as unknown[]) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) return false;
      const cc = c as Body;
      for (const k of ['Id', 'Descricao', 'ValorDesconto', 'DataInicio', 'DataFinal']) if (!(k in cc) || cc[k] === null || cc[k] === undefined) return false;
      if (typeof cc.Descricao !== 'string') return false;
      for (const [k, v] of Object.entries(cc)) if (!fieldOk(k, v)) return false;
    }
  }
  return true;
}

// ---- mutations -------------------------------------------------------------------------------------

const BAD_NUMBERS: unknown[] = [-0.01, -1, -1e21, 1e21, 2 ** 53, 2 ** 53 + 2, 100_000_000.01, 1e8 + 1, 1.001, 0.125, 12.3456, 0.1 + 0.2, 1e-7, '10.50', '1e3', true, null, [], {}, 'NaN'];
const GOOD_NUMBERS: unknown[] = [0, 0.01, 0.29, 1.5, 99.99, 100_000_000, 12345.67];
const BAD_DATES: unknown[] = ['abc', '', '2026-02-30', '2026-13-01', '31/12/2026', '2026-1-1', '2026-11-23T25:00:00Z', '2026-11-23T12:60', 20261123, null, '2026-11-23T12:00:00+0300x', 'x'.repeat(5000)];
const GOOD_DATES: unknown[] = ['2026-11-23', '2026-11-23T12:00:00Z', '2024-02-29T23:59:59.999-03:00'];
const BAD_GUIDS: unknown[] = [undefined, '', ' ', 'outro-guid', '3F2504E0-4F89-41D3-9A0C-0305E82C3302', null, 42, G + 'x', 'y'.repeat(70)];
const BAD_TEXTS: unknown[] = ['m'.repeat(501), 'M'.repeat(1024 * 1024), 42, {}, ['a']];

function mutate(rand: () => number, route: HubRoute): { status: number; text: string } {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const body = VALID[route]();
  const targets: { obj: Body; key: string }[] = Object.keys(body).map((key) => ({ obj: body, key }));
  if (Array.isArray(body.Campanhas)) for (const c of body.Campanhas as Body[]) for (const key of Object.keys(c)) targets.push({ obj: c, key });
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const t = pick(targets);
    const r = rand();
    if (t.key === 'IdentificadorTransacao') t.obj[t.key] = pick(BAD_GUIDS);
    else if (MONEY_KEYS.has(t.key) || t.key === 'Id') t.obj[t.key] = r < 0.7 ? pick(BAD_NUMBERS) : t.key === 'Id' ? pick([0, 7, -5, 1.5, 2 ** 31]) : pick(GOOD_NUMBERS);
    else if (DATE_KEYS.has(t.key)) t.obj[t.key] = r < 0.7 ? pick(BAD_DATES) : pick(GOOD_DATES);
    else if (t.key in TEXT_CAP) t.obj[t.key] = r < 0.7 ? pick(BAD_TEXTS) : 'ok';
    else if (r < 0.5) delete t.obj[t.key];
    else t.obj[t.key] = pick([null, 'true', 0, 1, 2, 3, [], {}, false]);
  }
  const shape = rand();
  if (shape < 0.04) return { status: 200, text: JSON.stringify(body).slice(0, Math.floor(rand() * 40)) }; // truncated
  if (shape < 0.07) return { status: 200, text: pick(['[]', 'null', '"texto"', '42', '<html>Erro</html>', '']) };
  if (shape < 0.09) return { status: 200, text: JSON.stringify({ ...body, Extra: 'z'.repeat(1024 * 1024) }) }; // huge body
  if (shape < 0.14) {
    // A 400 business answer, mutated too.
    const err: Body = { IdentificadorTransacao: G, Codigo: pick([40, '40', null, {}, 1.5, 'c'.repeat(60)]), Mensagem: pick(['Saldo insuficiente', '', null, 'm'.repeat(501), 'M'.repeat(2 * 1024 * 1024)]) };
    return { status: 400, text: JSON.stringify(err) };
  }
  return { status: 200, text: JSON.stringify(body) };
}

function businessOk(text: string): boolean {
  try {
    const b = JSON.parse(text) as Body;
    const codeOk = (typeof b.Codigo === 'number' && Number.isInteger(b.Codigo)) || (typeof b.Codigo === 'string' && b.Codigo.length <= 40);
    return codeOk && typeof b.Mensagem === 'string' && b.Mensagem.length >= 1 && b.Mensagem.length <= 500;
  } catch {
    return false;
  }
}

describe('hub answers fuzz', () => {
  it('2,400 mutated answers: 0 crashes, 0 accepted wrong values; amounts reach us as safe integer cents', () => {
    const rand = prng(0x8a11);
    let accepted = 0;
    let refused = 0;
    let business = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 2400; i++) {
      const route = HUB_ROUTE_KEYS[i % HUB_ROUTE_KEYS.length];
      const { status, text } = mutate(rand, route);
      let result: unknown;
      try {
        const res = interpretResponse(route, G, status, text);
        result = (MAPPERS[route] as (r: unknown, g: string) => unknown)(res.value, G);
      } catch (err) {
        // A crash is anything but one of our named errors.
        if (!(err instanceof HubError)) throw new Error(`crash em ${route} #${i}: ${String(err)} ← ${text.slice(0, 200)}`);
        if (err instanceof HubBusinessError) {
          business++;
          if (status !== 400 || !businessOk(text)) wrong.push(`#${i} ${route}: erro de negócio aceito de ${text.slice(0, 120)}`);
          expect(err.message.length).toBeLessThanOrEqual(500);
        } else {
          expect(err).toBeInstanceOf(HubOutOfStandardError);
          refused++;
        }
        continue;
      }
      accepted++;
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON: accepting it is wrong */
      }
      if (status !== 200 || !oracle(route, parsed)) wrong.push(`#${i} ${route}: aceito ${text.slice(0, 160)}`);
      for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
        if (/Cents$/.test(k)) expect(Number.isSafeInteger(v) && (v as number) >= 0, `${k}=${String(v)}`).toBe(true);
      }
    }
    expect(wrong).toEqual([]);
    // The fuzz really exercised both sides.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
    expect(business).toBeGreaterThan(10);
  });

  it('a missing, empty or foreign IdentificadorTransacao on a 200 is out of standard', () => {
    for (const guid of [undefined, '', 'F0000000-0000-0000-0000-000000000000']) {
      const body = { ...VALID.ResgatarSaldo(), IdentificadorTransacao: guid };
      expect(() => interpretResponse('ResgatarSaldo', G, 200, JSON.stringify(body))).toThrow(HubOutOfStandardError);
    }
    expect(interpretResponse('ResgatarSaldo', G, 200, JSON.stringify({ IdentificadorTransacao: G.toLowerCase() })).httpStatus).toBe(200);
  });
});

describe('hub answer size over real HTTP', () => {
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ IdentificadorTransacao: G, Mensagem: 'x'.repeat(2 * 1024 * 1024) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['axios', () => axiosExchange(createHttp())],
    ['the partner-HTTP thread', () => threadExchange()],
  ])('a 2 MB answer is refused by the HTTP client (%s, 1 MB cap) as out of standard, not buffered whole', async (_name, make) => {
    const conn: HubConnection = { baseUrl: url, token: 't', cnpj: '54517628001593', environment: 0, productDescription: 'x', timeoutMs: 30_000, routes: DEFAULT_ROUTES };
    const exchange = make();
    const err = await postHub(exchange, conn, 'EnviarPin', G, { IdentificadorTransacao: G }, () => {}).catch((e) => e);
    exchange.close();
    expect(err).toBeInstanceOf(HubOutOfStandardError);
    expect(String(err.message)).toContain('maior que 1 MB');
  });
});
