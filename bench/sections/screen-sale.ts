/**
 * The whole sale as the screen makes it (issue 25.7): 3 scans + one cash payment + finalize, each call over
 * the browser host's WebSocket (the renderer bridge's protocol: one frame each way, sale patches rebuilt by
 * shared/wire.ts), with the app's own set-up — signed in, the automatic receipt on, a virtual printer on TCP
 * receiving it — against one bare fsync'd commit interleaved in the same run (the floor of any durable write),
 * and the same sale in-process (core.dispatch) for where the rest goes. Finalize alone is reported too.
 */
import path from 'node:path';
import { WebSocket as NodeWebSocket } from 'ws';
import { loadConfig } from '../../core/app/config';
import { startHost } from '../../core/host/server';
import { startVirtualPrinter } from '../../sandboxes/printer/server';
import type { Result } from '../../shared/api';
import type { Sale } from '../../shared/api/sales';
import { SaleDecoder, type ReplyMessage } from '../../shared/wire';
import { createTestCore } from '../../test-support/fixtures';
import { register, stats, type BenchContext } from '../lib';
import { bareCommitter, scanInputs } from './sales';

type Call = (method: string, input: unknown) => Promise<Result<unknown>>;

/** One whole sale through `call`; returns [whole sale ms, finalize ms]. Throws on any refusal (a bench must not time errors). */
async function wholeSale(call: Call, codes: string[]): Promise<[number, number]> {
  const t0 = performance.now();
  let sale: Sale | undefined;
  for (const text of codes) sale = unwrap<Sale>(await call('sales.scan', { text }), 'sales.scan');
  unwrap(await call('sales.addPayment', { formCode: 1, amountCents: sale!.totals.netCents - sale!.totals.paidCents }), 'sales.addPayment');
  const tf = performance.now();
  unwrap(await call('sales.finalize', {}), 'sales.finalize');
  const t1 = performance.now();
  return [t1 - t0, t1 - tf];
}

function unwrap<T = unknown>(r: Result<unknown>, method: string): T {
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

register('venda-tela', async (ctx: BenchContext) => {
  const fx = await ctx.catalog(ctx.sizes.small);
  const printer = await startVirtualPrinter({ port: 0 });
  const core = await createTestCore({
    dataDir: fx.dir,
    catalogCsv: '',
    shell: 'test', // no shift needed; otherwise as the app: signed in, receipt on
    log: () => {},
    config: loadConfig({ BALCAO_DATA_DIR: fx.dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PRINTER: printer.url }),
  });
  const host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: fx.dir, port: 0 });
  const bare = bareCommitter(path.join(fx.dir, 'bare-screen-sale.db'));
  const ws = new NodeWebSocket(`${host.url.replace('http', 'ws')}events?token=${host.token}`);
  try {
    await new Promise((r) => ws.once('open', r));
    const decoder = new SaleDecoder();
    const replies = new Map<number, (v: Result<unknown>) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ReplyMessage | { event: string };
      if (!('reply' in msg)) return; // events (print job, outbox) arrive on the same socket
      const r = decoder.decode(msg) as Result<unknown>;
      replies.get(msg.reply)?.(r);
      replies.delete(msg.reply);
    });
    let seq = 0;
    const overWs: Call = (method, input) =>
      new Promise((resolve) => {
        const id = ++seq;
        replies.set(id, resolve);
        ws.send(`{"call":${id},"method":${JSON.stringify(method)},"input":${JSON.stringify(input)}}`);
      });
    const inProcess: Call = (m, i) => core.dispatch(m, i);

    const rounds = ctx.quick ? 300 : 2000;
    const warm = 30;
    const codes = scanInputs(core.db, fx.size, (rounds + warm) * 6, 25).map((t) => t.replace(/^\d+\*/, ''));
    unwrap(await core.dispatch('sales.discard', {}), 'sales.discard');
    const ws_: number[] = [];
    const wsFinalize: number[] = [];
    const local: number[] = [];
    const bareTimes: number[] = [];
    for (let r = 0; r < rounds + warm; r++) {
      const [w, wf] = await wholeSale(overWs, codes.slice(r * 6, r * 6 + 3));
      const b = bare.commit();
      const [l] = await wholeSale(inProcess, codes.slice(r * 6 + 3, r * 6 + 6));
      // The receipts go to the printer between sales (as at a counter): not on the next sale's path.
      await core.services.printing.drain();
      if (r < warm) continue;
      ws_.push(w);
      wsFinalize.push(wf);
      local.push(l);
      bareTimes.push(b);
    }
    const v = stats(ws_);
    const f = stats(wsFinalize);
    const l = stats(local);
    const b = stats(bareTimes);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    ctx.record({ name: 'venda inteira pela tela (WebSocket, com comprovante) p50', value: v.p50, unit: 'ms', note: `p95 ${ms(v.p95)}` });
    ctx.record({ name: '  finalizar pela tela p50', value: f.p50, unit: 'ms', note: `p95 ${ms(f.p95)}` });
    ctx.record({ name: '  a mesma venda no processo p50', value: l.p50, unit: 'ms', note: `p95 ${ms(l.p95)}; tela ÷ processo ${(v.p50 / l.p50).toFixed(1)}×` });
    ctx.record({ name: "  commit fsync'd puro p50 (intercalado)", value: b.p50, unit: 'ms', note: `p95 ${ms(b.p95)}` });
    ctx.record({ name: 'venda inteira pela tela p50 ÷ commit puro p50', value: v.p50 / b.p50, unit: '×', target: { max: 4, label: '≤ 4×' } });
    ctx.record({ name: 'venda inteira pela tela p95 ÷ commit puro p95', value: v.p95 / b.p95, unit: '×' });
    ctx.record({ name: 'comprovantes recebidos pela impressora virtual', value: printer.jobs().length, unit: '', note: `de ${2 * (rounds + warm)} vendas` });
  } finally {
    ws.close();
    bare.close();
    await host.close();
    core.close();
    await printer.stop();
  }
});
