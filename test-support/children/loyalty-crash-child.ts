/**
 * Child process for the loyalty SIGKILL test: sells to a loyalty customer in a
 * loop (identify, redeem, pay, finalize with the hub rows in the same
 * transaction, deliver) until it is killed. Prints one line per step so the
 * parent can kill it at any point; "finalized <n>" once a sale committed.
 */
import { loadConfig } from '../../core/app/config';
import { sampleCustomersFile } from '../../core/app/paths';
import { TOKEN } from '../hub-kit';
import { createTestCore } from '../fixtures';

const [dataDir, hubUrl, seedText] = process.argv.slice(2);
let seed = Number(seedText) || 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const say = (line: string) => process.stdout.write(line + '\n');

const core = await createTestCore({
  dataDir,
  config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), hubUrl },
  catalogCsv: process.env.IMPORT === '1' ? undefined : '',
  loyaltyTimeouts: { campaignMs: 2000, deliveryMs: 50 },
  hubTimeoutMs: 2000,
  log: () => {},
});
core.services.counter.loadSampleCustomers(sampleCustomersFile);
const must = async (method: string, input: unknown = {}) => {
  const r = await core.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as Record<string, unknown>;
};
await must('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
say('ready');
for (;;) {
  const open = (await must('sales.current')) as { lines: unknown[]; payments: unknown[] };
  if (open.lines.length === 0) await must('sales.scan', { text: String(1 + Math.floor(rand() * 6)) });
  say('scanned');
  const state = (await must('loyalty.counter.state')) as { customer: unknown };
  if (!state.customer) {
    const r = await core.dispatch('loyalty.counter.identify', { cpf: '39053344705' });
    if (!r.ok) continue; // the hub may be failing: try again
  }
  say('identified');
  let sale = (await must('sales.current')) as { payments: unknown[]; totals: { netCents: number; redemptionCents: number; remainingCents: number } };
  if (sale.payments.length === 0) sale = (await must('loyalty.counter.redeem', { amountCents: rand() < 0.5 ? 0 : 100 })) as typeof sale;
  say('redeemed');
  if (sale.totals.remainingCents > 0) await must('sales.addPayment', { formCode: 1, amountCents: sale.totals.remainingCents });
  say('paid');
  const done = (await must('loyalty.counter.finalize', { campaignId: 101, campaignDescription: 'Bônus 5% na compra' })) as { sale: { documentNumber: number } };
  say(`finalized ${done.sale.documentNumber}`);
}
