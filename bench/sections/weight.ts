/**
 * Section "balança" (issue 22): scanning a scale label (decode + PLU lookup + the line with its weight)
 * against scanning an EAN, interleaved on the same core and catalog (small size); target: label p95
 * within 1.2× of the EAN's. And one reading of the virtual scale over loopback TCP (ENQ → STX…ETX), the
 * time a KG product's scan adds to the scan itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { withCheckDigit } from '../../shared/ean';
import { createToledoScale } from '../../core/scale/protocol';
import { tcpOpener } from '../../core/scale/links';
import { startVirtualScale } from '../../sandboxes/scale/server';
import { openCore, register, rng, stats, timeMs } from '../lib';

const PAIRS = 2000;
const CART_SIZE = 50;

register('balança', async (ctx) => {
  const fixture = await ctx.catalog(ctx.sizes.small);
  const file = path.join(ctx.tmp, 'balanca.db');
  fs.copyFileSync(fixture.dbFile, file);
  const core = openCore(file);
  try {
    const rand = rng(22);
    const eanOf = core.db.prepare<[number], { ean: string }>('SELECT ean FROM product_eans WHERE code = ? LIMIT 1');
    const maxPlu = Math.min(ctx.sizes.small, 99_999);
    const eans: string[] = [];
    const labels: string[] = [];
    while (eans.length < PAIRS + 100) {
      const code = 1 + Math.floor(rand() * maxPlu);
      const ean = eanOf.get(code)?.ean;
      if (!ean) continue;
      eans.push(ean);
      const plu = 1 + Math.floor(rand() * maxPlu);
      const cents = 100 + Math.floor(rand() * 9000);
      labels.push(withCheckDigit(`2${String(plu).padStart(5, '0')}${String(cents).padStart(6, '0')}`));
    }
    // Warm-up: statement caches and the hot pages of both indexes.
    for (let i = PAIRS; i < PAIRS + 100; i++) {
      core.sales.scan(eans[i]);
      core.sales.scan(labels[i]);
    }
    core.sales.discard();
    const e: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      if (i > 0 && i % (CART_SIZE / 2) === 0) core.sales.discard();
      // Alternate which goes first so neither always meets the warmer cache.
      if (i % 2 === 0) {
        e.push(timeMs(() => core.sales.scan(eans[i])));
        l.push(timeMs(() => core.sales.scan(labels[i])));
      } else {
        l.push(timeMs(() => core.sales.scan(labels[i])));
        e.push(timeMs(() => core.sales.scan(eans[i])));
      }
    }
    core.sales.discard();
    const se = stats(e);
    const sl = stats(l);
    ctx.record({ name: `leitura de EAN p95 (${ctx.sizes.small.toLocaleString('pt-BR')} produtos)`, value: se.p95, unit: 'ms', note: `p50 ${se.p50.toFixed(3)} ms` });
    ctx.record({ name: 'leitura de etiqueta de balança p95', value: sl.p95, unit: 'ms', note: `p50 ${sl.p50.toFixed(3)} ms` });
    ctx.record({ name: 'etiqueta ÷ EAN (p95)', value: sl.p95 / se.p95, unit: '×', target: { max: 1.2, label: '≤ 1,2×' } });
  } finally {
    core.close();
  }

  const scale = await startVirtualScale({ port: 0 });
  scale.set({ grams: 350 });
  const client = createToledoScale({ open: tcpOpener('127.0.0.1', scale.port), timeoutMs: 10_000 });
  try {
    for (let i = 0; i < 50; i++) await client.read();
    const reads: number[] = [];
    for (let i = 0; i < (ctx.quick ? 200 : 1000); i++) {
      const t0 = process.hrtime.bigint();
      const r = await client.read();
      reads.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.kind !== 'stable') throw new Error(`leitura inesperada: ${r.kind}`);
    }
    const s = stats(reads);
    ctx.record({
      name: 'leitura da balança virtual (TCP) p95',
      value: s.p95,
      unit: 'ms',
      target: { max: 100, label: '≤ 1 intervalo (100 ms)' },
      note: `p50 ${s.p50.toFixed(3)} ms; uma balança real a 9600 baud leva ~8 ms só para transmitir ENQ + 7 bytes`,
    });
  } finally {
    await client.close();
    await scale.stop();
  }
});
