/**
 * Issue 10 — offline-first, visible: the top-bar badge follows the outbox live
 * (hub down → pending → hub up → Online, the sandbox applied the bonus once),
 * and "Sincronização" lists a needs-attention row that "Descartar" removes with
 * its reason recorded.
 */
import { buildGerarBonus } from '../core/partners/hub/builders';
import { enqueueHub } from '../core/partners/hub/outbox';
import { CARLA, TOKEN } from '../test-support/hub-kit';
import { startHubSandbox, type HubSandbox } from '../sandboxes/hub/server';
import { startEmbedded } from '../sandboxes/embedded';
import type { Sale } from '../shared/api/sales';
import { expect, openScreen, scanInput, test, type App } from './fixtures';

let hub: HubSandbox;

test.use({
  appOptions: {
    coreOptions: {
      // As the loyalty flow will: the sale's GerarBonus is queued inside its finalize transaction.
      extraSteps: ({ outbox: { repo } }) => ({
        finalize: [
          {
            name: 'test.enqueueGerarBonus',
            run: (sale: Sale) => {
              const s = { ...sale, customerCpf: CARLA };
              enqueueHub(repo, { route: 'GerarBonus', saleId: sale.id, build: (g) => buildGerarBonus(g, s, { cpf: CARLA, campaignId: 101 }) });
            },
          },
        ],
      }),
    },
    // Our own hub sandbox (the test drives its faults); the other embedded defaults as usual.
    startEmbedded: async (config) => {
      hub = await startHubSandbox({ port: 0 });
      const e = await startEmbedded({ ...config, hubUrl: hub.url }, () => {});
      return {
        config: e.config,
        routes: e.routes,
        close: async () => {
          await e.close();
          await hub.close();
        },
      };
    },
    beforeOpen: (app) => {
      app.core.services.loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
    },
  },
});

const bonusGuids = (app: App) =>
  (app.core.db.prepare(`SELECT op_id FROM outbox WHERE kind = 'hub.GerarBonus' ORDER BY id`).all() as { op_id: string }[]).map((r) => r.op_id);

test('hub fora do ar: a venda fecha, o selo mostra a pendência e volta a "Online" quando o hub volta; o bônus chega uma vez', async ({ page, app }) => {
  await hub.control.setDown(true);
  const badge = page.getByRole('region', { name: 'Sincronização com o Hub' });
  await expect(badge.getByTestId('sync-status')).toHaveText('Online');

  // A sale, paid in cash, finished at the counter.
  await scanInput(page).fill('7891234567895');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-total')).not.toHaveText('R$ 0,00');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Valor recebido')).toBeFocused();
  await page.keyboard.press('Enter');
  const finalizar = pay.getByRole('button', { name: 'Finalizar' });
  await expect(finalizar).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();

  // The hub refused the connection: the badge says so, with the pending operation and the error in its tooltip.
  await expect(badge.getByTestId('sync-status')).toHaveText('Sem conexão com o Hub', { timeout: 30_000 });
  await expect(badge.getByTestId('sync-pending')).toHaveText('1 pendente');
  await expect(badge.getByRole('button')).toHaveAttribute('title', /conexão recusada/);
  await expect(page.getByText('Bônus será creditado quando a conexão voltar')).toBeVisible();
  const [guid] = bonusGuids(app);
  expect(guid).toMatch(/^[0-9A-F-]{36}$/);

  // The hub comes back: the worker's own probe finds it, the queue drains, the badge is back to Online.
  await hub.control.setDown(false);
  await expect(badge.getByTestId('sync-status')).toHaveText('Online', { timeout: 60_000 });
  await expect(badge.getByTestId('sync-pending')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByText('Bônus será creditado quando a conexão voltar')).toHaveCount(0);
  expect(hub.control.effects('GerarBonus').map((e) => e.guid)).toEqual([guid]);
  expect(hub.control.requests('GerarBonus').every((r) => (r.body as { IdentificadorTransacao: string }).IdentificadorTransacao === guid)).toBe(true);
  expect(app.core.services.outbox.repo.byOpId(guid)!.status).toBe('done');

  // Minhas vendas: nothing pending for that sale any more.
  await openScreen(page, 'Minhas vendas');
  await page.getByRole('button', { name: 'Abrir venda nº 1' }).click();
  await expect(page.getByRole('region', { name: 'Venda nº 1' })).toBeVisible();
  await expect(page.getByTestId('bonus-pending')).toHaveCount(0);
});

test('"Sincronização" lista a operação que precisa de atenção e "Descartar" a remove com o motivo registrado', async ({ page, app }) => {
  // The hub refuses this sale's bonus (business 400): never retried blindly.
  hub.control.setFault({ route: 'GerarBonus', kind: 'business', codigo: 12, mensagem: 'Venda já bonificada no parceiro.' });
  await app.call('sales.scan', { text: '7891234567895' });
  const open = await app.call<Sale>('sales.current');
  await app.call('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents });
  await app.call('sales.finalize');
  const [guid] = bonusGuids(app);
  const { worker, repo } = app.core.services.outbox;
  worker.kick();
  await worker.until(() => repo.byOpId(guid)!.status === 'attention', 60_000);

  const badge = page.getByRole('region', { name: 'Sincronização com o Hub' });
  await expect(badge.getByTestId('sync-attention')).toHaveText('1 com atenção');
  await badge.getByRole('button').click();
  await expect(page.getByRole('main', { name: 'Sincronização' })).toBeVisible();

  await page.getByRole('radio', { name: 'Precisam de atenção' }).check();
  const table = page.getByRole('table', { name: 'Operações de sincronização' });
  const row = table.getByRole('row').filter({ hasText: 'GerarBonus' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('nº 1');
  await expect(row).toContainText('***.533.447-**');
  await expect(row).toContainText('Precisa de atenção');
  await expect(row).toContainText('Venda já bonificada no parceiro.');

  await row.getByRole('button', { name: 'Descartar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Descartar operação' });
  await dialog.getByRole('button', { name: 'Confirmar descarte' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Informe o motivo do descarte (mínimo 3 caracteres).');
  await dialog.getByLabel('Motivo do descarte').fill('Bônus já lançado manualmente pelo parceiro');
  await dialog.getByRole('button', { name: 'Confirmar descarte' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: 'GerarBonus' })).toHaveCount(0);
  await expect(table).toContainText('Nenhuma operação pendente');
  await expect(badge.getByTestId('sync-attention')).toHaveCount(0);

  const operator = (await app.call<{ operator: { name: string } }>('system.info')).operator.name;
  expect(repo.byOpId(guid)).toMatchObject({ status: 'discarded', discardedReason: 'Bônus já lançado manualmente pelo parceiro' });
  expect(repo.byOpId(guid)!.discardedBy).toContain(operator);
  expect(hub.control.effects('GerarBonus').filter((e) => e.status === 200)).toHaveLength(0);
});
