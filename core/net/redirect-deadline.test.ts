import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubCommunicationError } from '../partners/hub/errors';
import { DEFAULT_ROUTES } from '../partners/hub/routes';
import { createHttp, postHub, type HubConnection } from '../partners/hub/transport';
import { startPaymentSandbox, type PaymentSandbox } from '../../test-support/peers';
import { PaymentClient } from '../partners/pix/client';
import { axiosExchange, threadExchange, type HttpExchange } from './exchange';

/**
 * Both partner clients (hub, payment API) against a partner that redirects or drips: a redirect is never
 * followed (a communication error that names the target host; the target receives nothing), and one deadline
 * covers the whole call — connect, headers and body — so an answer of one byte per 50 ms cannot hold a call.
 */
let target: http.Server;
let targetHost = '';
const atTarget: string[] = [];
let partner: http.Server;
let partnerUrl = '';

const listen = async (s: http.Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  target = http.createServer((req, res) => {
    atTarget.push(`${req.method} ${req.url}`);
    req.resume();
    res.end('{}');
  });
  targetHost = await listen(target);
  partner = http.createServer((req, res) => {
    req.resume();
    if (req.url?.includes('redirect')) {
      res.writeHead(307, { location: `http://${targetHost}/roubado` });
      return res.end();
    }
    // Headers at once, then the body one byte every 50 ms (each byte well inside any idle timeout).
    const body = Buffer.from(JSON.stringify({ IdentificadorTransacao: 'x', pad: 'y'.repeat(400) }));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    let i = 0;
    const t = setInterval(() => {
      if (res.destroyed || i >= body.length) return void clearInterval(t);
      res.write(body.subarray(i, ++i));
    }, 50);
    res.on('close', () => clearInterval(t));
  });
  partnerUrl = `http://${await listen(partner)}`;
});
afterAll(async () => {
  for (const s of [target, partner]) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

const conn = (base: string, timeoutMs = 10_000): HubConnection => ({
  baseUrl: base,
  token: 'chave-secreta',
  cnpj: '54517628001593',
  environment: 1,
  productDescription: 'Balcão',
  timeoutMs,
  routes: DEFAULT_ROUTES,
});

describe.each([
  ['thread', () => threadExchange()],
  ['axios', () => axiosExchange(createHttp())],
] as [string, () => HttpExchange][])('hub client (%s exchange)', (_name, make) => {
  it('a 307 is a communication error naming the target host; the target receives nothing', async () => {
    const ex = make();
    try {
      atTarget.length = 0;
      const err = await postHub(ex, conn(`${partnerUrl}/redirect/`), 'CadastrarCliente', 'guid-1', { Cpf: '12345678909' }, () => {}).catch((e) => e);
      expect(err).toBeInstanceOf(HubCommunicationError);
      expect(err.message).toContain(targetHost);
      expect(err.message).toMatch(/redirecionamentos não são seguidos/);
      expect(atTarget).toEqual([]);
    } finally {
      ex.close();
    }
  });

  it('an answer dripping a byte every 50 ms ends at the call deadline (connect + headers + body)', async () => {
    const ex = make();
    try {
      const err = await postHub(ex, conn(`${partnerUrl}/drip/`, 400), 'CadastrarCliente', 'guid-2', {}, () => {}).catch((e) => e);
      expect(err).toBeInstanceOf(HubCommunicationError);
      expect(err.reason).toBe('timeout');
    } finally {
      ex.close();
    }
  });
});

describe('payment client: redirects and the overall deadline (sandbox fault injection)', () => {
  let sb: PaymentSandbox;
  beforeAll(async () => {
    sb = await startPaymentSandbox({ refundSettleMs: 0 });
  });
  afterAll(() => sb.close());
  const client = (timeoutMs = 10_000) =>
    new PaymentClient({ connection: () => ({ baseUrl: sb.url, accessKey: 'ak', secretKey: 'sk-segredo', clientId: 'c', wallet: null }), timeoutMs });
  const order = { orderRef: 'r-1', wallet: 'pix', totalCents: 1000, items: [{ title: 'A', quantity: 1, unitCents: 1000 }] };

  it('a 307 on /pdvauth does not send the secret_key to the other host: an error naming it', async () => {
    atTarget.length = 0;
    sb.control.setFault({ route: 'pdvauth', kind: 'redirect', location: `http://${targetHost}/pdvauth`, times: 1 });
    const err = await client().authenticate().catch((e) => e);
    expect(err).toMatchObject({ code: 'payment.unknown' });
    expect(err.message).toContain(targetHost);
    expect(atTarget).toEqual([]);
  });

  it('a 307 on POST /order creates nothing on the other host', async () => {
    atTarget.length = 0;
    const c = client();
    await c.authenticate();
    sb.control.setFault({ route: 'order.create', kind: 'redirect', location: `http://${targetHost}/order`, times: 1 });
    const err = await c.createOrder(order).catch((e) => e);
    expect(err.message).toContain(targetHost);
    expect(atTarget).toEqual([]);
  });

  it('POST /order answered one byte at a time ends at the deadline ("não respondeu a tempo")', async () => {
    const c = client(500);
    await c.authenticate();
    sb.control.setFault({ route: 'order.create', kind: 'drip', dripMs: 50, times: 1 });
    const err = await c.createOrder({ ...order, orderRef: 'r-drip' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'payment.unknown' });
    expect(err.message).toMatch(/não respondeu a tempo/);
  });
});
