import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHost, type Host } from './server';

let host: Host | undefined;
let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
afterEach(async () => {
  await host?.close();
  core?.close();
});

async function setup() {
  core = await createTestCore();
  const staticDir = tempDir('balcao-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><title>x</title></head><body></body></html>');
  fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'segredo');
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir, port: 0 });
  return host;
}

const post = (h: Host, method: string, body: unknown, token: string | null = h.token) =>
  fetch(`${h.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-balcao-token': token } : {}) },
    body: JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to 127.0.0.1 and injects the per-start token into the page of a logged-in browser only', async () => {
    const h = await setup();
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(h.url)).text()).not.toContain(h.token);
    const login = await fetch(h.loginUrl(), { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const html = await (await fetch(h.url, { headers: { cookie } })).text();
    expect(html).toContain(`<meta name="balcao-token" content="${h.token}">`);
    expect(h.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('serves the API only with the token', async () => {
    const h = await setup();
    const denied = await post(h, 'catalog.lookup', { code: '7891234567895' }, 'wrong');
    expect(denied.status).toBe(401);
    const res = await post(h, 'catalog.lookup', { code: '7891234567895' });
    const body = (await res.json()) as any;
    expect(body.ok).toBe(true);
    expect(body.value.description).toBe('Arroz Tipo 1 Tio João 5kg');
    const sale = (await (await post(h, "sales.scan", { text: "2*1" })).json()) as any;
    expect(sale.value.lines[0].quantity).toBe(2);
    const bad = (await (await post(h, "sales.scan", { text: "" })).json()) as any;
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('api.invalidInput');
  });

  it('never serves files outside the renderer folder', async () => {
    const h = await setup();
    const res = await fetch(`${h.url}..%2F..%2Fetc%2Fpasswd`);
    expect(res.status).toBe(404);
  });

  it('pushes core events over the WebSocket to token holders only', async () => {
    const h = await setup();
    const wsUrl = h.url.replace('http', 'ws') + 'events';
    const rejected = new WebSocket(wsUrl + '?token=nope');
    await new Promise<void>((resolve) => rejected.on('error', () => resolve()));
    const ws = new WebSocket(`${wsUrl}?token=${h.token}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((r) => ws.on('message', (m) => r(JSON.parse(String(m)))));
    core!.events.emit('catalog.importProgress', { done: 1, total: 2 });
    expect(await got).toEqual({ event: 'catalog.importProgress', payload: { done: 1, total: 2 } });
    ws.close();
  });
});

describe('API calls over the WebSocket', () => {
  it('answers calls on a socket opened with the token, and the socket never opens without it', async () => {
    const h = await setup();
    const wsUrl = h.url.replace('http', 'ws') + 'events';
    const rejected = new WebSocket(wsUrl + '?token=nope');
    const status = await new Promise<number>((resolve) => rejected.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    const ws = new WebSocket(`${wsUrl}?token=${h.token}`);
    await new Promise((r) => ws.on('open', r));
    const replies: any[] = [];
    const next = () => new Promise<any>((r) => ws.once('message', (m) => r(JSON.parse(String(m)))));
    let got = next();
    ws.send(JSON.stringify({ call: 1, method: 'catalog.lookup', input: { code: '7891234567895' } }));
    replies.push(await got);
    expect(replies[0]).toEqual({ reply: 1, result: { ok: true, value: expect.objectContaining({ description: 'Arroz Tipo 1 Tio João 5kg' }) } });
    got = next();
    ws.send(JSON.stringify({ call: 2, method: 'sales.scan', input: { text: '1' } }));
    expect((await got).result.value.lines).toHaveLength(1);
    got = next();
    ws.send(JSON.stringify({ call: 3, method: 'sales.scan', input: { text: '2' } }));
    const patch = (await got).patch;
    expect(patch.lines[0]).toEqual(expect.any(Number)); // the unchanged first line travels as its id
    expect(patch.lines[1]).toEqual(expect.objectContaining({ productCode: 2 }));
    got = next();
    ws.send(JSON.stringify({ call: 4, method: 'sales.scan', input: { text: '' } }));
    expect((await got).result).toEqual({ ok: false, error: expect.objectContaining({ code: 'api.invalidInput' }) });
    ws.close();
  });
});

describe('POST /upload (catalog file streamed to the host)', () => {
  it('needs the token, keeps to its own size limit, and the upload id imports the file', async () => {
    core = await createTestCore({ catalogCsv: '' });
    const staticDir = tempDir('balcao-static-');
    host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir, port: 0, maxUploadBytes: 1024, dataDir: core.dataDir });
    const csv = 'codigo;ean;descricao;preco\n10;7891234567895;Arroz 5kg;27,90\n11;;Feijão;8,49\n12;;Ruim;abc\n';
    const up = (body: string, token: string | null = host!.token) =>
      fetch(`${host!.url}upload`, { method: 'POST', headers: token ? { 'x-balcao-token': token } : {}, body });
    expect((await up(csv, 'wrong')).status).toBe(401);
    const big = await up('x'.repeat(5000));
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).error.code).toBe('host.tooLarge');
    const res = (await (await up(csv)).json()) as any;
    expect(res.ok).toBe(true);
    const r = await core.dispatch('catalog.importUpload', { uploadId: res.value.uploadId, fileName: 'c.csv' });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ inserted: 2, errorCount: 1, errors: [expect.objectContaining({ line: 4 })] }) });
    // Used once: the file is gone, and an id that is not an upload (or a path) is refused.
    const again = await core.dispatch('catalog.importUpload', { uploadId: res.value.uploadId, fileName: 'c.csv' });
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'import.uploadNotFound' }) });
    const path_ = await core.dispatch('catalog.importUpload', { uploadId: '../../etc/passwd', fileName: 'c.csv' });
    expect(path_).toEqual({ ok: false, error: expect.objectContaining({ code: 'import.uploadNotFound' }) });
  });
});
