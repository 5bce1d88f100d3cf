import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHost, type Host } from './server';

/**
 * Issue 20 (3): the browser host trusts a person, not a process that can reach the port. Reproductions: any
 * local OS user fetched the page and read the API token from it; the session cookie was named after the port
 * (another 127.0.0.1 server received `balcao_session_<port>`); 60 MB bodies were buffered before the login
 * check; uploads went to a predictable folder under the system temp that another user could create first.
 */
let host: Host | undefined;
let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
afterEach(async () => {
  await host?.close();
  core?.close();
  host = core = undefined;
});

async function setup(opts: { signedIn?: () => boolean } = {}) {
  core = await createTestCore({ catalogCsv: '' });
  const staticDir = tempDir('balcao-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>');
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir, port: 0, dataDir: core.dataDir, ...opts });
  return host;
}

async function login(h: Host, url = h.loginUrl()): Promise<{ status: number; cookie: string | null }> {
  const r = await fetch(url, { redirect: 'manual' });
  const set = r.headers.get('set-cookie');
  return { status: r.status, cookie: set ? set.split(';')[0] : null };
}

/** Raw request: headers (and a few body bytes) sent, the rest of a huge declared body never; resolves with the first answer line. */
function headersOnly(h: Host, p: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(h.port, '127.0.0.1', () => {
      s.write(`POST ${p} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n{"fileName":"a.csv","contentBase64":"`);
    });
    let got = '';
    s.on('data', (d) => {
      got += d;
      if (got.includes('\r\n\r\n')) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
  });
}

describe('browser host: one-time login URL and the session cookie', () => {
  it('the page served without a session carries no token (what any local process gets)', async () => {
    const h = await setup();
    const r = await fetch(h.url);
    const html = await r.text();
    expect(r.status).toBe(401);
    expect(html).not.toContain(h.token);
    expect(html).not.toContain('balcao-token');
    expect(html).toMatch(/endereço de acesso/);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('the login URL works once and gives an HttpOnly SameSite=Strict cookie whose name is random, not the port', async () => {
    const h = await setup();
    const url = h.loginUrl();
    const first = await login(h, url);
    expect(first.status).toBe(303);
    expect(first.cookie).toMatch(/^balcao_[0-9a-f]{16}=[0-9a-f]{64}$/);
    expect(first.cookie).not.toContain(String(h.port));
    expect(first.cookie).not.toContain(h.token);
    const again = await login(h, url);
    expect(again).toEqual({ status: 401, cookie: null });
    const page = await fetch(h.url, { headers: { cookie: first.cookie! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(h.token);
    // The old port-named cookie carrying the token opens nothing; nor does a forged session.
    for (const cookie of [`balcao_session_${h.port}=${h.token}`, `${h.cookieName}=${'0'.repeat(64)}`, `${h.cookieName}=${h.token}`]) {
      expect(await (await fetch(h.url, { headers: { cookie } })).text()).not.toContain(h.token);
    }
    const raw = await fetch(url.replace(/code=.*/, 'code=adivinhado'), { redirect: 'manual' });
    expect(raw.status).toBe(401);
  });

  it('two hosts never share a cookie name', async () => {
    const a = await setup();
    const other = await startHost({ dispatch: core!.dispatch, events: core!.events, staticDir: tempDir(), port: 0 });
    try {
      expect(other.cookieName).not.toBe(a.cookieName);
    } finally {
      await other.close();
    }
  });
});

describe('browser host: bodies refused on their headers', () => {
  it('a 60 MB catalog.import while nobody is logged in is answered 401 before a byte of the body is read', async () => {
    const h = await setup({ signedIn: () => false });
    const head = await headersOnly(h, '/api/catalog.import', { 'x-balcao-token': h.token, 'content-type': 'application/json', 'content-length': String(60 * 1024 * 1024) });
    expect(head).toMatch(/^HTTP\/1\.1 401/);
    const upload = await headersOnly(h, '/upload', { 'x-balcao-token': h.token, 'content-length': String(60 * 1024 * 1024) });
    expect(upload).toMatch(/^HTTP\/1\.1 401/);
    // Without the token, the same: refused on the headers.
    expect(await headersOnly(h, '/api/catalog.import', { 'content-length': String(60 * 1024 * 1024) })).toMatch(/^HTTP\/1\.1 401/);
    // Small calls still work for the login screen.
    const state = await fetch(`${h.url}api/users.state`, { method: 'POST', headers: { 'x-balcao-token': h.token, 'content-type': 'application/json' }, body: '{}' });
    expect(state.status).toBe(200);
  });
});

describe('browser host: uploads inside the data folder', () => {
  it('go to <dataDir>/uploads (0700) as 0600 files, never through a link planted there', async () => {
    const h = await setup();
    const up = (body: string) => fetch(`${h.url}upload`, { method: 'POST', headers: { 'x-balcao-token': h.token }, body });
    const r = (await (await up('codigo;ean;descricao;preco\n1;;A;1,00\n')).json()) as { ok: boolean; value: { uploadId: string } };
    expect(r.ok).toBe(true);
    const dir = path.join(core!.dataDir, 'uploads');
    const file = path.join(dir, `${r.value.uploadId}.upload`);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // Another user's folder swapped in as a link: refused, nothing written over there.
    const elsewhere = tempDir('balcao-elsewhere-');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.symlinkSync(elsewhere, dir);
    const refused = await up('codigo;ean;descricao;preco\n1;;A;0,01\n');
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('host.uploadFailed');
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    const viaApi = await core!.dispatch('catalog.importUpload', { uploadId: r.value.uploadId, fileName: 'a.csv' });
    expect(viaApi.ok).toBe(false);
  });
});
