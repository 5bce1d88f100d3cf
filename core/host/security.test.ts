import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHost, type Host, type Route } from './server';

/** Issue 8 (1, 3, 7, 8): the browser host's boundary, driven as an attacker would (raw HTTP, chosen Host/Origin). */

let host: Host | undefined;
let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
afterEach(async () => {
  await host?.close();
  core?.close();
  host = undefined;
  core = undefined;
});

const SECRET_ROUTE_TEXT = 'Authorization: ••••abcd';

async function setup(routes: Route[] = []) {
  core = await createTestCore();
  const staticDir = tempDir('balcao-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>');
  fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir, port: 0, routes });
  return host;
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly the headers given (fetch would not let us set Host). */
function raw(h: Host, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: h.port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${h.port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The session cookie a browser gets from a one-time login URL. */
async function loginCookie(h: Host): Promise<string> {
  const login = new URL(h.loginUrl());
  const r = await raw(h, { path: login.pathname + login.search });
  expect(r.status).toBe(303);
  expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  return String(r.headers['set-cookie']).split(';')[0];
}

const api = (h: Host, method: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(h, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-balcao-token': h.token, ...headers },
    body: JSON.stringify(body),
  });

function wsOpen(url: string, headers: Record<string, string> = {}): Promise<{ open: true; ws: WebSocket } | { open: false; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve({ open: true, ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ open: false, status: res.statusCode ?? null });
      ws.terminate();
    });
    ws.on('error', () => resolve({ open: false, status: null }));
  });
}

describe('browser host: Host allow-list (DNS rebinding)', () => {
  it('refuses a foreign Host with 421 and never serves it the page or the token', async () => {
    const h = await setup();
    for (const p of ['/', '/index.html', '/app.js', '/api/catalog.lookup', '/nada']) {
      const r = await raw(h, { path: p, headers: { host: `evil.example:${h.port}` } });
      expect(r.status).toBe(421);
      expect(r.body).not.toContain(h.token);
    }
    const api1 = await api(h, 'catalog.lookup', { code: '7891234567895' }, { host: `evil.example:${h.port}` });
    expect(api1.status).toBe(421);
    // Right name, wrong port (another server's page reached through this one) is foreign too.
    expect((await raw(h, { path: '/', headers: { host: `127.0.0.1:${h.port + 1}` } })).status).toBe(421);
  });

  it('serves 127.0.0.1:PORT, localhost:PORT and [::1]:PORT', async () => {
    const h = await setup();
    const cookie = await loginCookie(h);
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      const r = await raw(h, { path: '/', headers: { host: `${name}:${h.port}`, cookie } });
      expect(r.status).toBe(200);
      expect(r.body).toContain(h.token);
    }
  });
});

describe('browser host: API needs the token AND a same-origin Origin', () => {
  it('refuses a foreign Origin (403) even with the right token; no Origin or our own is served', async () => {
    const h = await setup();
    const foreign = await api(h, 'catalog.lookup', { code: '7891234567895' }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const nullOrigin = await api(h, 'catalog.lookup', { code: '7891234567895' }, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    // Same host name, other port = other origin.
    const otherPort = await api(h, 'catalog.lookup', { code: '7891234567895' }, { origin: `http://127.0.0.1:${h.port + 1}` });
    expect(otherPort.status).toBe(403);
    const none = await api(h, 'catalog.lookup', { code: '7891234567895' });
    expect(none.status).toBe(200);
    expect(JSON.parse(none.body).ok).toBe(true);
    const own = await api(h, 'catalog.lookup', { code: '7891234567895' }, { origin: `http://127.0.0.1:${h.port}` });
    expect(own.status).toBe(200);
    const viaLocalhost = await api(h, 'catalog.lookup', { code: '7891234567895' }, { host: `localhost:${h.port}`, origin: `http://localhost:${h.port}` });
    expect(viaLocalhost.status).toBe(200);
    const noToken = await raw(h, { method: 'POST', path: '/api/catalog.lookup', body: '{}' });
    expect(noToken.status).toBe(401);
  });

  it('WebSocket /events: foreign Host or foreign Origin refused, even with the token', async () => {
    const h = await setup();
    const base = `ws://127.0.0.1:${h.port}/events?token=${h.token}`;
    const badOrigin = await wsOpen(base, { origin: 'http://evil.example' });
    expect(badOrigin).toEqual({ open: false, status: 403 });
    const badHost = await wsOpen(base, { host: `evil.example:${h.port}` });
    expect(badHost).toEqual({ open: false, status: 421 });
    const noToken = await wsOpen(`ws://127.0.0.1:${h.port}/events`, { origin: `http://127.0.0.1:${h.port}` });
    expect(noToken).toEqual({ open: false, status: 401 });
    const ok = await wsOpen(base, { origin: `http://127.0.0.1:${h.port}` });
    expect(ok.open).toBe(true);
    if (ok.open) ok.ws.close();
  });
});

describe('browser host: headers, bad URLs, body sizes', () => {
  it('puts CORP, nosniff, CSP and Referrer-Policy on every response', async () => {
    const h = await setup();
    const answers = [
      await raw(h, { path: '/' }),
      await raw(h, { path: '/app.js' }),
      await raw(h, { path: '/nada' }),
      await raw(h, { path: '/', headers: { host: 'evil.example' } }),
      await api(h, 'catalog.lookup', { code: '7891234567895' }),
      await api(h, 'catalog.lookup', {}, { 'x-balcao-token': 'x' }),
      await raw(h, { path: '/%E0%A4%A' }),
    ];
    for (const r of answers) {
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('a malformed % escape is a 400 without the raw error text', async () => {
    const h = await setup();
    for (const p of ['/%E0%A4%A', '/api/%zz', '/assets/%']) {
      const r = p.startsWith('/api/')
        ? await raw(h, { method: 'POST', path: p, headers: { 'x-balcao-token': h.token }, body: '{}' })
        : await raw(h, { path: p });
      expect(r.status).toBe(400);
      expect(r.body).not.toMatch(/URI malformed|URIError|at .*\.ts/);
    }
  });

  it('a 2 MB API body is answered 413 with a pt-BR message; catalog.import keeps its own larger limit', async () => {
    const h = await setup();
    const big = { text: 'x'.repeat(2 * 1024 * 1024) };
    const r = await api(h, 'sales.scan', big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'api.tooLarge', message: expect.stringMatching(/grandes demais.*1 MB/) });
    // A 2 MB catalog (as the import screen sends it: base64 in JSON) still goes through.
    // Few products, many bytes: an extra column the importer ignores carries the weight.
    const pad = 'x'.repeat(200 * 1024);
    const csv = Buffer.from(['codigo;ean;descricao;preco;unidade;observacao', ...Array.from({ length: 8 }, (_, i) => `${100 + i};;Produto ${i};1,00;UN;${pad}`)].join('\n'));
    expect(csv.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const imp = await api(h, 'catalog.import', { fileName: 'grande.csv', contentBase64: csv.toString('base64') });
    expect(imp.status).toBe(200);
    expect(JSON.parse(imp.body)).toMatchObject({ ok: true, value: { inserted: 8, errorCount: 0 } });
  }, 120_000);
});

describe('browser host: mounted sandbox consoles', () => {
  /** A console that would leak if served openly. */
  const consoleRoute: Route = (req, res, url) => {
    if (!url.pathname.startsWith('/sandbox/test')) return false;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'POST' ? 'feito' : SECRET_ROUTE_TEXT);
    return true;
  };

  it('needs the session token (header or the page cookie) and the same Host/Origin checks', async () => {
    const h = await setup([consoleRoute]);
    const anon = await raw(h, { path: '/sandbox/test' });
    expect(anon.status).toBe(401);
    expect(anon.body).not.toContain('Authorization');
    // The one-time login URL sets an HttpOnly, SameSite=Strict session cookie; a navigation carrying it is let in.
    const cookie = await loginCookie(h);
    expect((await raw(h, { path: '/sandbox/test', headers: { cookie } })).status).toBe(200);
    expect((await raw(h, { path: '/sandbox/test', headers: { 'x-balcao-token': h.token } })).status).toBe(200);
    // Cross-site "simple" POST (text/plain) with the cookie: refused by Origin.
    const csrf = await raw(h, { method: 'POST', path: '/sandbox/test/faults', headers: { cookie, origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    expect(csrf.status).toBe(403);
    // Rebinding: refused by Host, token or not.
    expect((await raw(h, { path: '/sandbox/test', headers: { cookie, host: `evil.example:${h.port}` } })).status).toBe(421);
  });
});
