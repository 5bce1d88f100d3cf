/**
 * Child process for the Retaguarda crash rounds (test-support/retaguarda-crash-rounds.ts): a real till core
 * paired with the store server, driven by stdin lines until it is killed:
 *   "sell <n>"  sells n sales (3 lines, cash) and queues them for the server (the uploader's scan)
 *   "resend"    "Reenviar todas" (an offline channel probed now, rows in backoff due now)
 * Prints "ready" once started, "sold <saleId>" after each finalize commit.
 *   node --import tsx retaguarda-till-child.ts <dataDir> <serverUrl> <tillId> <secret> <firstRound 0|1>
 */
import readline from 'node:readline';
import { loadConfig } from '../../core/app/config';
import { createTestCore } from '../fixtures';

const [dataDir, url, tillId, secret, first] = process.argv.slice(2);
const core = await createTestCore({
  dataDir,
  catalogCsv: first === '1' ? undefined : '',
  config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: url, BALCAO_RETAGUARDA_CAIXA: tillId, BALCAO_RETAGUARDA_SEGREDO: secret }),
  retaguardaIntervalMs: 3_600_000, // the parent drives the scans; only the start-up tick runs by itself
});
const must = async (method: string, input: unknown) => {
  const r = await core.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as { sale: { id: string }; totals: { netCents: number } };
};

let work = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.trim().split(' ');
  work = work.then(async () => {
    if (cmd === 'sell') {
      for (let i = 0; i < Number(arg); i++) {
        for (const code of ['1', '2', '3']) await must('sales.scan', { text: code });
        const open = await must('sales.current', {});
        await must('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents });
        const { sale } = await must('sales.finalize', {});
        process.stdout.write(`sold ${sale.id}\n`);
      }
      core.services.retaguarda.scan();
    } else if (cmd === 'resend') core.services.outbox.worker.resend();
  });
});
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
