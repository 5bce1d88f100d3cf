import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedHost, guardConsole, maskKey, sameOrigin } from './guard';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; cookie?: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), cookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('guard', () => {
  it('Host allow-list and same-origin rules', () => {
    expect(allowedHost('127.0.0.1:5180', 5180)).toBe(true);
    expect(allowedHost('localhost:5180', 5180)).toBe(true);
    expect(allowedHost('[::1]:5180', 5180)).toBe(true);
    for (const bad of [undefined, '', '127.0.0.1', 'evil.example:5180', '127.0.0.1:5181', '127.0.0.1.evil.example:5180', 'localhost:5180.evil']) {
      expect(allowedHost(bad, 5180), String(bad)).toBe(false);
    }
    expect(sameOrigin(undefined, '127.0.0.1:5180', 5180)).toBe(true);
    expect(sameOrigin('http://127.0.0.1:5180', '127.0.0.1:5180', 5180)).toBe(true);
    expect(sameOrigin('http://localhost:5180', '127.0.0.1:5180', 5180)).toBe(false);
    expect(sameOrigin('null', '127.0.0.1:5180', 5180)).toBe(false);
    expect(sameOrigin('https://127.0.0.1:5180', '127.0.0.1:5180', 5180)).toBe(false);
    expect(maskKey('eyJhbGciOi-chave-abcd')).toBe('••••abcd');
    expect(maskKey('curta')).toBe('••••');
  });

  it('a console on its own port (npm run sandbox:hub): token from the printed URL, then the session cookie', async () => {
    const token = 'tok-' + 'x'.repeat(40);
    const route = guardConsole((_req, res) => (res.end('console'), true), { port: () => (server!.address() as AddressInfo).port, token });
    server = http.createServer((req, res) => void route(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    expect((await get(port, '/sandbox/hub')).status).toBe(401);
    const first = await get(port, `/sandbox/hub?token=${token}`);
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get(port, '/sandbox/hub/state', { cookie: first.cookie!.split(';')[0] })).status).toBe(200);
    expect((await get(port, '/sandbox/hub', { host: `evil.example:${port}`, cookie: first.cookie!.split(';')[0] })).status).toBe(421);
    expect((await get(port, '/sandbox/hub', { origin: 'http://evil.example', cookie: first.cookie!.split(';')[0] })).status).toBe(403);
  });
});
