/**
 * The whole sale as the screen makes it (issue 25.7): 3 scans + one cash payment + finalize, each call over
 * the browser host's WebSocket from another process (bench/screen-client.ts, as the browser is), with the
 * app's own set-up — signed in, the automatic receipt on, a virtual printer on TCP receiving it — against one
 * bare fsync'd commit on the same disk interleaved in the same run (the floor of any durable write). The same
 * sale called in-process (core.dispatch, receipt on) is measured after it, with its own interleaved commits,
 * to show what the transport adds. Finalize alone over the WebSocket is reported too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/app/config';
import { startHost, type CallTiming } from '../../core/host/server';
import { startVirtualPrinter } from '../../sandboxes/printer/server';
import type { Sale } from '../../shared/api/sales';
import { callCore, createTestCore } from '../../test-support/fixtures';
import { register, runChild, stats, timeMsAsync, type BenchContext } from '../lib';
import { bareCommitter, scanInputs } from './sales';

const here = path.dirname(fileURLToPath(import.meta.url));

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
  const hostSide = new Map<number, CallTiming>();
  const host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: fx.dir, port: 0, onCall: (t) => hostSide.set(t.id, t) });
  try {
    const rounds = ctx.quick ? 300 : 2000;
    const warm = 30;
    const codes = scanInputs(core.db, fx.size, (rounds + warm) * 6, 25).map((t) => t.replace(/^\d+\*/, ''));
    const codesFile = path.join(fx.dir, 'screen-sale-codes.json');
    fs.writeFileSync(codesFile, JSON.stringify(codes.slice(0, (rounds + warm) * 3)));
    await callCore(core, 'sales.discard', {});
    const wsUrl = `${host.url.replace('http', 'ws')}events?token=${host.token}`;
    const res = JSON.parse(
      await runChild(path.join(here, '..', 'screen-client.ts'), [wsUrl, codesFile, String(rounds), String(warm), path.join(fx.dir, 'bare-screen-sale.db')]),
    ) as { whole: number[]; finalize: number[]; bare: number[]; steps: number[][]; calls: number[][] };

    // The same sale in-process (the dispatcher, receipt on), each followed by a bare commit; receipts printed between sales.
    const bare = bareCommitter(path.join(fx.dir, 'bare-screen-sale-local.db'));
    const local: number[] = [];
    const localBare: number[] = [];
    const more = codes.slice((rounds + warm) * 3);
    for (let r = 0; r < rounds + warm; r++) {
      const t = await timeMsAsync(async () => {
        let sale: Sale | undefined;
        for (const text of more.slice(r * 3, r * 3 + 3)) sale = await callCore<Sale>(core, 'sales.scan', { text });
        await callCore(core, 'sales.addPayment', { formCode: 1, amountCents: sale!.totals.netCents - sale!.totals.paidCents });
        await callCore(core, 'sales.finalize', {});
      });
      const b = bare.commit();
      await core.services.printing.drain();
      if (r < warm) continue;
      local.push(t);
      localBare.push(b);
    }
    bare.close();

    const v = stats(res.whole);
    const f = stats(res.finalize);
    const b = stats(res.bare);
    const l = stats(local);
    const lb = stats(localBare);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    ctx.record({ name: 'venda inteira pela tela (WebSocket, com comprovante) p50', value: v.p50, unit: 'ms', note: `p95 ${ms(v.p95)}` });
    ctx.record({ name: '  finalizar pela tela p50', value: f.p50, unit: 'ms', note: `p95 ${ms(f.p95)}` });
    const step = res.steps.map((t) => stats(t).p50.toFixed(3));
    ctx.record({ name: '  leituras 1, 2, 3 e pagamento pela tela p50', value: res.steps.reduce((n, t) => n + stats(t).p50, 0), unit: 'ms', note: `${step.join(' + ')} ms` });
    ctx.record({ name: "  commit fsync'd puro p50 (intercalado)", value: b.p50, unit: 'ms', note: `p95 ${ms(b.p95)}` });
    ctx.record({ name: 'venda inteira pela tela p50 ÷ commit puro p50', value: v.p50 / b.p50, unit: '×', target: { max: 4, label: '≤ 4×' } });
    ctx.record({ name: 'venda inteira pela tela p95 ÷ commit puro p95', value: v.p95 / b.p95, unit: '×' });
    ctx.record({
      name: '  a mesma venda no processo p50',
      value: l.p50,
      unit: 'ms',
      note: `p95 ${ms(l.p95)}; ÷ seu commit puro p50 ${(l.p50 / lb.p50).toFixed(1)}×; tela ÷ processo ${(v.p50 / l.p50).toFixed(1)}×`,
    });
    // Where a call's time goes (p50 per call of the sale, µs): screen → host, the core, the reply's encoding and
    // send, host → screen. Both processes read the same clock (epoch ms, µs precision).
    const parts = [[], [], [], [], []].map(() => [[], [], [], []] as number[][]);
    for (const [id, sent, replied] of res.calls) {
      const h = hostSide.get(id);
      if (!h) continue;
      const k = (id - 1) % 5;
      [h.receivedAt - sent, h.answeredAt - h.receivedAt, h.sentAt - h.answeredAt, replied - h.sentAt].forEach((x, i) => parts[k][i].push(x * 1000));
    }
    const us = (x: number[]) => Math.round(stats(x).p50);
    const label = ['leitura 1', 'leitura 2', 'leitura 3', 'pagamento', 'finalizar'];
    const columns = [0, 1, 2, 3].map((i) => parts.reduce((n, p) => n + us(p[i]), 0) / 1000);
    ctx.record({
      name: '  onde vai o tempo: tela→host + núcleo + envio da resposta + host→tela (5 chamadas, p50 somados)',
      value: columns.reduce((a, b) => a + b, 0),
      unit: 'ms',
      note: `${columns.map((c) => c.toFixed(3)).join(' + ')} ms; por chamada (µs): ${parts.map((p, k) => `${label[k]} ${p.map(us).join('/')}`).join('; ')}`,
    });
    ctx.record({ name: 'comprovantes recebidos pela impressora virtual', value: printer.jobs().length, unit: '', note: `de ${2 * (rounds + warm)} vendas` });
  } finally {
    await host.close();
    core.close();
    await printer.stop();
  }
});
