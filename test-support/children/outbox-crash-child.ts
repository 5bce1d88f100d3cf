/**
 * Child process for the outbox crash test and bench: sells to a customer
 * (each sale queues ResgatarSaldo + GerarBonus in its finalize transaction)
 * while the worker delivers, until it is killed. Prints one line per event:
 * "sold <saleId>" after each finalize commit, "sent" after each delivery.
 *   node --import tsx outbox-crash-child.ts <dataDir> <hubUrl> <sales> <firstRound 0|1>
 */
import { loadConfig } from '../../core/app/config';
import { buildGerarBonus, buildResgatarSaldo } from '../../core/partners/hub/builders';
import { enqueueHub } from '../../core/partners/hub/outbox';
import { TOKEN } from '../hub-kit';
import { createTestCore } from '../fixtures';

export const CRASH_CPF = '39053344705'; // Carla (no PIN)

const [dataDir, hubUrl, salesArg, first] = process.argv.slice(2);
const core = await createTestCore({
  dataDir,
  catalogCsv: first === '1' ? undefined : '',
  config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: hubUrl }),
  hubTimeoutMs: 5000,
  // As the loyalty flow's step: ResgatarSaldo + GerarBonus queued inside the sale's finalize transaction.
  extraSteps: ({ outbox: { repo } }) => ({
    finalize: [
      {
        name: 'test.enqueueHubOperations',
        run: (sale) => {
          const s = { ...sale, customerCpf: CRASH_CPF };
          enqueueHub(repo, { route: 'ResgatarSaldo', saleId: sale.id, build: (g) => buildResgatarSaldo(g, s, { cpf: CRASH_CPF }) });
          enqueueHub(repo, { route: 'GerarBonus', saleId: sale.id, build: (g) => buildGerarBonus(g, s, { cpf: CRASH_CPF, campaignId: 101 }) });
        },
      },
    ],
  }),
  log: (line) => {
    if (line.startsWith('[outbox]') && line.includes(' entregue ')) process.stdout.write('sent\n');
  },
});
if (first === '1') core.services.loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
const { repo, worker } = core.services.outbox;

const must = async (method: string, input: unknown) => {
  const r = await core.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as { id: string; totals: { netCents: number; paidCents: number } };
};
for (let i = 0; i < Number(salesArg); i++) {
  await must('sales.scan', { text: String((i % 6) + 1) });
  core.db.prepare(`UPDATE sales SET customer_cpf = ? WHERE status = 'aberta'`).run(CRASH_CPF);
  const open = await must('sales.current', {});
  const due = open.totals.netCents - open.totals.paidCents;
  if (due > 0) await must('sales.addPayment', { formCode: 1, amountCents: due });
  const r = await core.dispatch('sales.finalize', {});
  if (!r.ok) throw new Error(r.error.message);
  worker.kick();
  process.stdout.write(`sold ${(r.value as { sale: { id: string } }).sale.id}\n`);
}
process.stdout.write('idle\n');
setInterval(() => {}, 1000);
