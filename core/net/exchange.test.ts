import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeError, threadExchange, type PostRequest } from './exchange';

let server: http.Server;
let base = '';
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/drop') return req.socket.destroy();
      if (req.url === '/silent') return; // never answers
      res.writeHead(req.url === '/busy' ? 503 : 200, { 'content-type': 'application/json', ...(req.url === '/busy' ? { 'retry-after': '7' } : {}) });
      res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const req = (p: string, extra: Partial<PostRequest> = {}): PostRequest => ({
  url: `${base}${p}`,
  headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'chave' },
  body: JSON.stringify({ CPF: '12345678909', Nome: 'Ação' }),
  timeoutMs: 10_000,
  maxBytes: 1024 * 1024,
  ...extra,
});

describe('the partner-HTTP thread', () => {
  it('posts the body and headers as given and answers status, text and Retry-After; calls of one turn go together', async () => {
    const ex = threadExchange();
    try {
      const [a, b] = await Promise.all([ex.post(req('/ok')), ex.post(req('/busy'))]);
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text).echo).toBe('{"CPF":"12345678909","Nome":"Ação"}');
      expect(b).toMatchObject({ status: 503, retryAfter: '7' });
      const got = received.find((r) => r.path === '/ok')!;
      expect(got.headers.authorization).toBe('chave');
      expect(got.headers['content-length']).toBe(String(Buffer.byteLength(got.body)));
    } finally {
      ex.close();
    }
  });

  it('names transport failures: refused, dropped, our own timeout', async () => {
    const ex = threadExchange();
    try {
      const refused = await ex.post(req('/x', { url: 'http://127.0.0.1:1/x' })).catch((e) => e);
      expect(refused).toBeInstanceOf(ExchangeError);
      expect(refused.code).toBe('ECONNREFUSED');
      const dropped = await ex.post(req('/drop')).catch((e) => e);
      expect(dropped.code).toBe('ECONNRESET');
      const slow = await ex.post(req('/silent', { timeoutMs: 50 })).catch((e) => e);
      expect(slow).toMatchObject({ aborted: true, tooLarge: false });
    } finally {
      ex.close();
    }
  });

  it('fails the calls in flight when closed and starts a new thread for the next call', async () => {
    const ex = threadExchange();
    const inFlight = ex.post(req('/silent'));
    await new Promise((r) => setImmediate(r));
    ex.close();
    const err = await inFlight.catch((e) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect(err.code).toBe('ETHREAD');
    const again = await ex.post(req('/ok'));
    expect(again.status).toBe(200);
    ex.close();
  });
});
