/**
 * The screen's round trip for a lookup and a scan, each against the
 * in-process call (core.dispatch: validation + handler) measured in the same
 * run: through the browser host over the WebSocket (the renderer bridge's
 * protocol: one frame each way, sale patches rebuilt by shared/wire.ts) and over HTTP (the fallback), and an Electron-equivalent IPC
 * (structured clone + one MessageChannel hop each way, like ipcRenderer.invoke).
 */
import { MessageChannel } from 'node:worker_threads';
import { WebSocket as NodeWebSocket } from 'ws';
import type { Core } from '../../core/app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { loadConfig } from '../../core/app/config';
import { startHost } from '../../core/host/server';
import { SaleDecoder, type ReplyMessage } from '../../shared/wire';
import { register, stats, timeMsAsync, type BenchContext } from '../lib';
import { label, scanInputs } from './sales';

type Call = (method: string, input: unknown) => Promise<unknown>;

async function measure(n: number, call: Call, inputs: { method: string; input: (i: number) => unknown; reset?: () => Promise<unknown> }) {
  const out: number[] = [];
  for (let i = -50; i < n; i++) {
    if (inputs.reset && i % 50 === 0) await inputs.reset();
    const t = await timeMsAsync(() => call(inputs.method, inputs.input(i < 0 ? -i : i)));
    if (i >= 0) out.push(t);
  }
  return stats(out);
}

register('host', async (ctx: BenchContext) => {
  const fx = await ctx.catalog(ctx.sizes.small);
  const core = await createTestCore({
    catalogCsv: '',
    config: loadConfig({ BALCAO_DATA_DIR: fx.dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0' }),
    shell: 'test',
    log: () => {},
  });
  const host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: fx.dir, port: 0 });
  try {
    const codes = scanInputs(core.db, fx.size, 3000, 5).map((t) => t.replace(/^\d+\*/, ''));
    const n = ctx.quick ? 500 : 2000;

    // in-process: the dispatcher itself
    const inProcess: Call = (m, i) => core.dispatch(m, i);

    // Electron-equivalent: structured clone both ways, one hop each way through a MessageChannel.
    const { port1, port2 } = new MessageChannel();
    port2.on('message', async ({ id, method, input }) => port2.postMessage({ id, result: await core.dispatch(method, input) }));
    const waiting = new Map<number, (v: unknown) => void>();
    port1.on('message', ({ id, result }) => {
      waiting.get(id)?.(result);
      waiting.delete(id);
    });
    let seq = 0;
    const ipc: Call = (method, input) =>
      new Promise((resolve) => {
        const id = ++seq;
        waiting.set(id, resolve);
        port1.postMessage({ id, method, input });
      });

    // The browser host's WebSocket, spoken like renderer/src/bridge.ts does (the renderer code needs the DOM's types).
    const ws = new NodeWebSocket(`${host.url.replace('http', 'ws')}events?token=${host.token}`);
    await new Promise((r) => ws.once('open', r));
    const decoder = new SaleDecoder();
    const replies = new Map<number, (v: unknown) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ReplyMessage;
      const r = decoder.decode(msg);
      replies.get(msg.reply)?.(r);
      replies.delete(msg.reply);
    });
    const overWs: Call = (method, input) =>
      new Promise((resolve) => {
        const id = ++seq;
        replies.set(id, resolve);
        ws.send(`{"call":${id},"method":${JSON.stringify(method)},"input":${JSON.stringify(input)}}`);
      });
    const overHttp: Call = async (m, i) => {
      const r = await fetch(`${host.url}api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-balcao-token': host.token }, body: JSON.stringify(i) });
      return r.json();
    };

    const transports: [string, Call][] = [
      ['no processo', inProcess],
      ['IPC equivalente ao Electron', ipc],
      ['host WebSocket', overWs],
      ['host HTTP', overHttp],
    ];
    const lookup = { method: 'catalog.lookup', input: (i: number) => ({ code: codes[i % codes.length] }) };
    const scan = {
      method: 'sales.scan',
      input: (i: number) => ({ text: codes[(i + 1000) % codes.length] }),
      reset: () => core.dispatch('sales.discard', {}),
    };
    for (const [what, spec] of [['lookup', lookup], ['scan', scan]] as const) {
      let base = { p50: NaN, p95: NaN };
      for (const [name, call] of transports) {
        const s = await measure(n, call, spec);
        if (name === 'no processo') base = s;
        const isHost = name.startsWith('host');
        ctx.record({
          name: `${what} ${name} p95 @ ${label(fx.size)}`,
          value: s.p95,
          unit: 'ms',
          target: isHost && name.includes('WebSocket') ? { max: 1, label: '≤ 1 ms' } : undefined,
          note: `p50 ${s.p50.toFixed(3)} ms` + (name === 'no processo' ? '' : `; ÷ no processo: p50 ${(s.p50 / base.p50).toFixed(1)}×, p95 ${(s.p95 / base.p95).toFixed(1)}×`),
        });
      }
    }
    await core.dispatch('sales.discard', {});
    port1.close();
    ws.close();
  } finally {
    await host.close();
    core.close();
  }
});
