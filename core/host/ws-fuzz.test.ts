import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHost, type Host } from './server';

/**
 * The WebSocket call server against what a token holder (or a broken client) can send: bad frames close that
 * one connection with a clear code, the host keeps serving every other client, and the open sale is untouched.
 * Before issue 20 an invalid UTF-8 frame or a frame over 1 MB made the whole process exit (no `error` handler).
 */
let core: Awaited<ReturnType<typeof createTestCore>>;
let host: Host;
let wsUrl: string;

beforeAll(async () => {
  core = await createTestCore();
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: tempDir('balcao-static-'), port: 0 });
  wsUrl = `${host.url.replace('http', 'ws')}events?token=${host.token}`;
  await core.dispatch('sales.scan', { text: '1' });
});
afterAll(async () => {
  await host.close();
  core.close();
});

async function open(): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl, { origin: undefined });
  ws.on('error', () => {}); // the server may reset a socket it closed
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  return ws;
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
/** The next reply on the socket (core events travel on it too and are skipped). */
const nextReply = (ws: WebSocket) =>
  new Promise<any>((resolve) => {
    const on = (m: WebSocket.RawData) => {
      const msg = JSON.parse(String(m));
      if (!('reply' in msg)) return;
      ws.off('message', on);
      resolve(msg);
    };
    ws.on('message', on);
  });

/** A call answered on a fresh socket: the host is still serving. */
async function stillServing(): Promise<void> {
  const ws = await open();
  const got = nextReply(ws);
  ws.send(JSON.stringify({ call: 1, method: 'catalog.lookup', input: { code: '7891234567895' } }));
  expect((await got).result).toEqual({ ok: true, value: expect.objectContaining({ description: 'Arroz Tipo 1 Tio João 5kg' }) });
  ws.close();
}

const saleNow = () => JSON.stringify(core.services.sales.current());

describe('WebSocket call server: one bad client never stops the till', () => {
  it('invalid UTF-8 in a text frame → 1007, host keeps serving', async () => {
    const before = saleNow();
    const ws = await open();
    const code = closed(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await stillServing();
    expect(saleNow()).toBe(before);
  });

  it('a frame over 1 MB (in bytes) → 1009, host keeps serving', async () => {
    const before = saleNow();
    const ws = await open();
    const code = closed(ws);
    // 350k "€" = 350k UTF-16 units (under a cap that counts units) but 1.05 MB of UTF-8.
    ws.send(JSON.stringify({ call: 1, method: 'sales.scan', input: { text: '€'.repeat(350_000) } }));
    expect(await code).toBe(1009);
    await stillServing();
    expect(saleNow()).toBe(before);
  });

  it('a binary frame → 1003', async () => {
    const ws = await open();
    const code = closed(ws);
    ws.send(Buffer.from(JSON.stringify({ call: 1, method: 'sales.discard', input: {} })), { binary: true });
    expect(await code).toBe(1003);
    await stillServing();
  });

  it('a message split mid-character across frames is reassembled; a split left broken → 1007', async () => {
    const before = saleNow();
    const bytes = Buffer.from(JSON.stringify({ call: 7, method: 'catalog.search', input: { query: 'Feijão' } }));
    const cut = bytes.indexOf(Buffer.from('ã')) + 1; // inside the 2 bytes of "ã"
    const ws = await open();
    const got = nextReply(ws);
    ws.send(bytes.subarray(0, cut), { binary: false, fin: false });
    ws.send(bytes.subarray(cut), { fin: true });
    const reply = await got;
    expect(reply.reply).toBe(7);
    expect(reply.result.ok).toBe(true);
    // The first half of a character, then a frame that does not continue it.
    const code = closed(ws);
    ws.send(bytes.subarray(0, cut), { binary: false, fin: false });
    ws.send(Buffer.from('x"}}'), { fin: true });
    expect(await code).toBe(1007);
    await stillServing();
    expect(saleNow()).toBe(before);
  });

  it('wrong types: not JSON → 1007, not a call → 1008, a bad method or input → an error value on the same socket', async () => {
    const before = saleNow();
    for (const [frame, want] of [
      ['{"call":', 1007],
      ['null', 1008],
      ['[1,2,3]', 1008],
      ['{"call":"1","method":"sales.discard"}', 1008],
      ['{"call":1e400,"method":"sales.discard"}', 1008],
      ['"sales.discard"', 1008],
    ] as const) {
      const ws = await open();
      const code = closed(ws);
      ws.send(frame);
      expect(await code, frame).toBe(want);
    }
    const ws = await open();
    for (const [frame, code] of [
      ['{"call":1,"method":5,"input":{}}', 'api.badCall'],
      ['{"call":2,"method":"nada.disso","input":{}}', 'api.unknownMethod'],
      ['{"call":3,"method":"sales.scan","input":{"text":123}}', 'api.invalidInput'],
      ['{"call":4,"method":"sales.scan","input":"1"}', 'api.invalidInput'],
      ['{"call":5,"method":"__proto__","input":{}}', 'api.unknownMethod'],
    ] as const) {
      const got = nextReply(ws);
      ws.send(frame);
      expect((await got).result, frame).toEqual({ ok: false, error: expect.objectContaining({ code }) });
    }
    ws.close();
    expect(saleNow()).toBe(before);
  });

  it('huge inputs under the cap (deep nesting, long strings, many keys) are answered as errors, not crashes', async () => {
    const before = saleNow();
    const ws = await open();
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    for (const input of [deep, JSON.stringify({ text: 'a'.repeat(900_000) }), JSON.stringify(many)]) {
      const got = nextReply(ws);
      ws.send(`{"call":9,"method":"sales.scan","input":${input}}`);
      const r = await got;
      expect(r.result.ok).toBe(false);
    }
    ws.close();
    await stillServing();
    expect(saleNow()).toBe(before);
  });

  it('fuzz: 300 random frames (seeded) on a handful of sockets: 0 crashes, the sale unchanged', async () => {
    const before = saleNow();
    let seed = 20;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '[', ']', '"call"', ':', '1', ',', '"method"', '"sales.current"', '"input"', '"text"', '\u00e3', '\u20ac', '\ud83d', 'null', 'true', '-', 'e9'];
    let sent = 0;
    while (sent < 300) {
      const ws = await open();
      const done = closed(ws);
      let open_ = true;
      ws.once('close', () => (open_ = false));
      for (let i = 0; i < 20 && open_; i++, sent++) {
        const kind = rand();
        if (kind < 0.3) ws.send(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))), { binary: rand() < 0.5 });
        else ws.send(Array.from({ length: 1 + Math.floor(rand() * 30) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
      }
      if (open_) ws.close();
      await done;
    }
    await stillServing();
    expect(saleNow()).toBe(before);
  });
});
