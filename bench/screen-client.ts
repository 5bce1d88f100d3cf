/**
 * The screen's side of the `venda-tela` bench section, in its own process as a browser would be: whole
 * sales (3 scans + cash payment + finalize) over the browser host's WebSocket, spoken like
 * renderer/src/bridge.ts (one frame each way, sale patches rebuilt by shared/wire.ts), each followed by one
 * bare fsync'd commit on the same disk; before the next sale it waits for the receipt's "impresso" event
 * (the gap between two customers). Prints one JSON line: { whole, finalize, bare, steps } in ms per sale
 * (steps: scan 1, scan 2, scan 3, payment) and, per measured call, [id, sent, replied] in ms since the epoch
 * (the host tells when the same ids arrived and left: where each call's time went).
 *
 *   screen-client.ts <ws url> <codes.json> <rounds> <warm-up> <bare.db>
 */
import fs from 'node:fs';
import { WebSocket } from 'ws';
import type { Result } from '../shared/api';
import type { PrintJob } from '../shared/api/printing';
import type { Sale } from '../shared/api/sales';
import { SaleDecoder, type ReplyMessage } from '../shared/wire';
import { bareCommitter } from './sections/sales';

const [url, codesFile, roundsText, warmText, bareFile] = process.argv.slice(2);
const codes = JSON.parse(fs.readFileSync(codesFile, 'utf8')) as string[];
const rounds = Number(roundsText);
const warm = Number(warmText);

const ws = new WebSocket(url);
await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
const decoder = new SaleDecoder();
const replies = new Map<number, (r: Result<unknown>) => void>();
const sentAt = new Map<number, number>();
const repliedAt = new Map<number, number>();
const clock = () => performance.timeOrigin + performance.now();
const printed = new Map<string, () => void>();
ws.on('message', (data) => {
  const msg = JSON.parse(String(data)) as ReplyMessage | { event: string; payload: PrintJob };
  if ('event' in msg) {
    if (msg.event === 'printing.job' && msg.payload.status === 'done' && msg.payload.saleId) printed.get(msg.payload.saleId)?.();
    return;
  }
  repliedAt.set(msg.reply, clock());
  const r = decoder.decode(msg) as Result<unknown>;
  replies.get(msg.reply)?.(r);
  replies.delete(msg.reply);
});
let seq = 0;
async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await new Promise<Result<unknown>>((resolve) => {
    const id = ++seq;
    replies.set(id, resolve);
    sentAt.set(id, clock());
    ws.send(`{"call":${id},"method":${JSON.stringify(method)},"input":${JSON.stringify(input)}}`);
  });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const bare = bareCommitter(bareFile);
const out = { whole: [] as number[], finalize: [] as number[], bare: [] as number[], steps: [[], [], [], []] as number[][], calls: [] as number[][] };
for (let r = 0; r < rounds + warm; r++) {
  const t0 = performance.now();
  const marks: number[] = [];
  let sale: Sale | undefined;
  for (const text of codes.slice(r * 3, r * 3 + 3)) {
    sale = await call<Sale>('sales.scan', { text });
    marks.push(performance.now());
  }
  await call('sales.addPayment', { formCode: 1, amountCents: sale!.totals.netCents - sale!.totals.paidCents });
  const tf = performance.now();
  marks.push(tf);
  const printedNow = new Promise<void>((resolve) => printed.set(sale!.id, resolve));
  await call('sales.finalize', {});
  const t1 = performance.now();
  const b = bare.commit();
  await printedNow;
  printed.delete(sale!.id);
  if (r < warm) continue;
  out.whole.push(t1 - t0);
  out.finalize.push(t1 - tf);
  marks.forEach((m, i) => out.steps[i].push(m - (i === 0 ? t0 : marks[i - 1])));
  out.bare.push(b);
  for (let id = seq - 4; id <= seq; id++) out.calls.push([id, sentAt.get(id)!, repliedAt.get(id)!]);
}
bare.close();
ws.close();
console.log(JSON.stringify(out));
