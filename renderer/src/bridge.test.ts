import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { Core } from '../../core/app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { loadConfig } from '../../core/app/config';
import { startHost, type Host } from '../../core/host/server';
import { createHttpBridge } from './bridge';

// Node 20 has fetch but no global WebSocket; the bridge only needs the standard shape.
(globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;

describe('HTTP/WebSocket bridge against the real browser host', () => {
  let dir: string;
  let core: Core;
  let host: Host;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-bridge-'));
    core = await createTestCore({ catalogCsv: '', config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0' }), shell: 'test', log: () => {} });
    host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: dir, port: 0 });
  });
  afterAll(async () => {
    await host.close();
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('calls methods with the token and returns values and error values', async () => {
    const bridge = createHttpBridge(new URL(host.url), host.token);
    const cur = await bridge.invoke('sales.current', {});
    expect(cur.ok && cur.value.status).toBe('aberta');
    const bad = await bridge.invoke('sales.scan', { text: '7890000000000' });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'product.notFound' }) });
  });

  it('a wrong token is an error value, not a throw', async () => {
    const r = await createHttpBridge(new URL(host.url), 'nope').invoke('sales.current', {});
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'host.unauthorized' }) });
  });

  it('a host that answers with an error page is a bad response, not "Sem conexão"', async () => {
    const http = await import('node:http');
    const srv = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('erro: ocupado');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    const r = await createHttpBridge(new URL(`http://127.0.0.1:${port}/`), host.token).invoke('sales.current', {});
    await new Promise((res) => srv.close(res));
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'host.badResponse' }) });
    expect(r.ok === false && r.error.message).toContain('HTTP 500');
  });

  it('a host that is gone is host.offline, not a throw', async () => {
    const r = await createHttpBridge(new URL('http://127.0.0.1:9/'), host.token).invoke('sales.current', {});
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'host.offline' }) });
  });

  it('delivers core events over the WebSocket', async () => {
    const bridge = createHttpBridge(new URL(host.url), host.token);
    const got: unknown[] = [];
    const off = bridge.on('catalog.importProgress', (p) => got.push(p));
    const csv = 'codigo;ean;descricao;preco\n1;7891234567895;Arroz 5kg;27,90\n';
    // The socket connects asynchronously: import until a progress event arrives.
    const deadline = Date.now() + 5000;
    while (got.length === 0 && Date.now() < deadline) {
      await bridge.invoke('catalog.import', { fileName: 'c.csv', contentBase64: Buffer.from(csv).toString('base64') });
      await new Promise((r) => setTimeout(r, 50));
    }
    off();
    expect(got.length).toBeGreaterThan(0);
    expect(got.at(-1)).toEqual({ done: 1, total: 1 });
  });

  it('once the socket is open, calls go over it (no HTTP) and sale patches rebuild the same cart', async () => {
    await core.dispatch('catalog.import', {
      fileName: 'c.csv',
      contentBase64: Buffer.from('codigo;ean;descricao;preco\n1;7891234567895;Arroz 5kg;27,90\n2;7896005800010;Feijão 1kg;8,49\n').toString('base64'),
    });
    const bridge = createHttpBridge(new URL(host.url), host.token);
    // Wait for the socket: an event reaches us only through it.
    const opened = new Promise<void>((resolve) => {
      const off = bridge.on('catalog.importProgress', () => (off(), resolve()));
    });
    const tick = setInterval(() => core.events.emit('catalog.importProgress', { done: 0, total: 0 }), 20);
    await opened;
    clearInterval(tick);
    await bridge.invoke('sales.discard', {});
    const realFetch = globalThis.fetch;
    let httpCalls = 0;
    globalThis.fetch = ((...a: Parameters<typeof fetch>) => (httpCalls++, realFetch(...a))) as typeof fetch;
    try {
      let last: unknown;
      for (const text of ['1', '2', '3*1', '2', '1']) {
        const r = await bridge.invoke('sales.scan', { text });
        expect(r.ok).toBe(true);
        last = r.ok && r.value;
      }
      const first = (last as { lines: { id: number }[] }).lines[0].id;
      const q = await bridge.invoke('sales.setQuantity', { lineId: first, quantity: 4000 });
      const bad = await bridge.invoke('sales.scan', { text: '999' });
      expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'product.notFound' }) });
      expect(httpCalls).toBe(0);
      // The rebuilt sale equals the core's own.
      expect(q.ok && q.value).toEqual(core.services.sales.current());
      expect(q.ok && q.value.lines.map((l) => l.quantity)).toEqual([4000, 1000, 3000, 1000, 1000]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('counts a call in UTF-8 bytes: non-ASCII input that is small in UTF-16 units but over the cap goes over HTTP, the socket stays up', async () => {
    const bridge = createHttpBridge(new URL(host.url), host.token);
    const opened = new Promise<void>((resolve) => {
      const off = bridge.on('catalog.importProgress', () => (off(), resolve()));
    });
    const tick = setInterval(() => core.events.emit('catalog.importProgress', { done: 0, total: 0 }), 20);
    await opened;
    clearInterval(tick);
    const realFetch = globalThis.fetch;
    let httpCalls = 0;
    globalThis.fetch = ((...a: Parameters<typeof fetch>) => (httpCalls++, realFetch(...a))) as typeof fetch;
    try {
      // 400k "€": 400k UTF-16 units (under the 512 KB a `.length` check allowed) but 1.2 MB of UTF-8.
      const big = await bridge.invoke('sales.scan', { text: '€'.repeat(400_000) });
      expect(big).toEqual({ ok: false, error: expect.objectContaining({ code: 'api.tooLarge' }) });
      expect(httpCalls).toBe(1);
      // The socket was never closed under it: the next call still goes over it.
      const cur = await bridge.invoke('sales.current', {});
      expect(cur.ok).toBe(true);
      expect(httpCalls).toBe(1);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('the link to the Balcão follows a restart of the host (never "Online" from before)', () => {
  let dir: string;
  let core: Core;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-link-'));
    core = await createTestCore({ catalogCsv: '', config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0' }), shell: 'test', log: () => {} });
  });
  afterAll(() => {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offline while the host is down; expired when it comes back with a new token; online when the same token answers again', async () => {
    const start = (port = 0, token?: string) => startHost({ dispatch: core.dispatch, events: core.events, staticDir: dir, port, token });
    let host = await start();
    const { port, token } = host;
    const bridge = createHttpBridge(new URL(host.url), host.token);
    const seen: string[] = [];
    const reach = (want: string) =>
      new Promise<void>((resolve) => {
        if (bridge.link.get() === want) return resolve();
        const off = bridge.link.subscribe((l) => {
          seen.push(l);
          if (l === want) (off(), resolve());
        });
      });
    // The socket open: an event reaches us only through it.
    const opened = new Promise<void>((resolve) => {
      const off = bridge.on('catalog.importProgress', () => (off(), resolve()));
    });
    const tick = setInterval(() => core.events.emit('catalog.importProgress', { done: 0, total: 0 }), 20);
    await opened;
    clearInterval(tick);
    expect(bridge.link.get()).toBe('online');

    await host.close();
    await reach('offline');
    expect((await bridge.invoke('sales.current', {})).ok).toBe(false);

    // Restarted (as `npm start` does: a new per-start token) on the same port.
    host = await start(port);
    await reach('expired');
    await host.close();

    // The same token answering again (the socket reopens): online.
    host = await start(port, token);
    await reach('online');
    expect((await bridge.invoke('sales.current', {})).ok).toBe(true);
    await host.close();
    expect(seen.slice(0, 2)).toEqual(['offline', 'expired']);
    expect(seen.at(-1)).toBe('online');
  }, 60_000);
});
