import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { buildPayments } from '../core/partners/hub/builders';
import { startPaymentSandbox, type PaymentSandbox } from '../sandboxes/payments/server';
import { startEmbedded } from '../sandboxes/embedded';
import type { Sale } from '../shared/api/sales';
import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';

const [arroz] = fixtureProducts; // R$ 27,90

let sandbox: PaymentSandbox;
test.use({
  appOptions: {
    startEmbedded: async (config) => {
      sandbox = await startPaymentSandbox({ port: 0, refundSettleMs: 0 });
      const rest = await startEmbedded({ ...config, paymentUrl: sandbox.url }, () => {});
      return {
        config: { ...rest.config, paymentSandboxCredentials: { accessKey: 'ak', secretKey: 'sk', clientId: 'caixa-01' } },
        routes: [...rest.routes, sandbox.consoleRoute],
        close: async () => {
          await rest.close();
          await sandbox.close();
        },
      };
    },
  },
});

/** Scans the items, opens "Pagamento" (F10) and presses "PIX"; returns the dialog once the QR is PENDENTE. */
async function startPix(page: Page) {
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'PIX', exact: true }).click();
  await expect(pay.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
  return pay;
}
const openOrder = () => sandbox.control.orders().filter((o) => o.status === 'pending');
const finalized = (app: { core: { db: { prepare: (s: string) => { all: () => unknown[] } } } }) =>
  app.core.db.prepare(`SELECT form_code, amount_cents, reference FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.status = 'finalizada' ORDER BY p.id`).all();

test('venda paga com PIX pelo sandbox ("Pagar"): QR, copia e cola, APROVADO, Finalizar com o id do PIX', async ({ page, app, context }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');
  const pay = await startPix(page);
  await expect(pay.getByRole('img', { name: /QR Code PIX/ })).toBeVisible();
  await expect(pay.getByLabel('PIX copia e cola')).toHaveValue(/^000201.*6304[0-9A-F]{4}$/);
  await expect(pay.getByLabel('Valor do PIX')).toHaveText('R$ 27,90');
  await expect(pay.getByLabel('Expira em')).toHaveText(/^(59|60):\d\d$/);
  await expect(pay.getByRole('button', { name: 'Copiar' })).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The customer pays: the sandbox page's "Pagar" for the open order.
  const console = await context.newPage();
  await console.goto(new URL('sandbox/pagamentos', app.url).toString());
  await console.getByRole('button', { name: 'Pagar', exact: false }).first().click();
  await expect(pay.getByLabel('Status')).toHaveText('APROVADO', { timeout: 15_000 });
  await console.close();
  const finalizar = pay.getByRole('button', { name: 'Finalizar' });
  await expect(finalizar).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay).toHaveCount(0);
  const order = sandbox.control.orders()[0];
  expect(finalized(app)).toEqual([{ form_code: 17, amount_cents: 2790, reference: order.walletPaymentId }]);
});

test('QR expirado → EXPIRADO e "Gerar novo QR" gera outro pedido', async ({ page }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  const pay = await startPix(page);
  const first = await pay.getByLabel('PIX copia e cola').inputValue();
  sandbox.control.expire(openOrder()[0].orderId);
  await expect(pay.getByLabel('Status')).toHaveText('EXPIRADO', { timeout: 15_000 });
  await pay.getByRole('button', { name: 'Gerar novo QR' }).click();
  await expect(pay.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
  await expect(pay.getByLabel('PIX copia e cola')).not.toHaveValue(first);
  expect(sandbox.control.orders().map((o) => o.status).sort()).toEqual(['expired', 'pending']);
});

test('abandonar a venda (F8) cancela o pedido PIX na API', async ({ page }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  const pay = await startPix(page);
  await pay.getByRole('button', { name: 'Fechar' }).click();
  await expect(pay).toHaveCount(0);
  await page.keyboard.press('F8');
  await page.getByRole('dialog', { name: 'Cancelar venda' }).getByRole('button', { name: 'Cancelar venda' }).click();
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 0,00');
  await expect.poll(() => sandbox.control.orders()[0].status, { timeout: 15_000 }).toBe('cancelled');
});

test('recarregar com um PIX aberto retoma o mesmo pedido e o pagamento é registrado', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  const pay = await startPix(page);
  const text = await pay.getByLabel('PIX copia e cola').inputValue();
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await page.keyboard.press('F10');
  const again = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(again.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
  await expect(again.getByLabel('PIX copia e cola')).toHaveValue(text);
  expect(sandbox.control.orders()).toHaveLength(1);
  sandbox.control.pay(sandbox.control.orders()[0].orderId);
  await expect(again.getByLabel('Status')).toHaveText('APROVADO', { timeout: 15_000 });
  await again.getByRole('button', { name: 'Finalizar' }).click();
  await expect(again).toHaveCount(0);
  expect(finalized(app)).toHaveLength(1);
});

test('recarregar com o PIX aberto, o cliente paga antes do F10: a tela se refaz do estado do core (Pago, APROVADO, Finalizar)', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await startPix(page);
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  // The customer pays while no payment dialog is open; the core records the PIX payment.
  sandbox.control.pay(sandbox.control.orders()[0].orderId);
  await expect
    .poll(() => app.core.db.prepare(`SELECT count(*) AS n FROM payments WHERE form_code = 17`).get(), { timeout: 15_000 })
    .toEqual({ n: 1 });
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByLabel('Pago')).toHaveText('R$ 27,90');
  await expect(pay.getByLabel('Restante')).toHaveText('R$ 0,00');
  await expect(pay.getByLabel('Status')).toHaveText('APROVADO');
  const finalizar = pay.getByRole('button', { name: 'Finalizar' });
  await expect(finalizar).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay).toHaveCount(0);
  expect(finalized(app)).toEqual([{ form_code: 17, amount_cents: 2790, reference: sandbox.control.orders()[0].walletPaymentId }]);
  expect(sandbox.control.orders()).toHaveLength(1);
});

test('pagamento dividido: dinheiro e o restante no PIX', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'Dinheiro', exact: true }).click();
  await pay.getByLabel('Valor recebido').fill('10,00');
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Restante')).toHaveText('R$ 17,90');
  await pay.getByRole('button', { name: 'PIX', exact: true }).click();
  await expect(pay.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
  await expect(pay.getByLabel('Valor do PIX')).toHaveText('R$ 17,90');
  sandbox.control.pay(openOrder()[0].orderId);
  await expect(pay.getByLabel('Status')).toHaveText('APROVADO', { timeout: 15_000 });
  await expect(pay.getByLabel('Restante')).toHaveText('R$ 0,00');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await expect(pay).toHaveCount(0);
  expect((finalized(app) as { form_code: number; amount_cents: number }[]).map((p) => [p.form_code, p.amount_cents])).toEqual([
    [1, 1000],
    [17, 1790],
  ]);
});

test('venda paga com Vale Refeição leva o código 11 (atalho 6) até FormasDePagamento do hub', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await expect(pay.getByRole('button', { name: 'Vale Refeição' })).toHaveAttribute('aria-keyshortcuts', '6');
  await page.keyboard.press('6');
  await expect(pay.getByRole('button', { name: 'Vale Refeição' })).toHaveAttribute('aria-pressed', 'true');
  await expect(pay.getByLabel('Valor', { exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await expect(pay).toHaveCount(0);
  const id = (app.core.db.prepare(`SELECT id FROM sales WHERE status = 'finalizada'`).get() as { id: string }).id;
  const sale = await app.call<Sale>('sales.get', { id });
  expect(sale.payments.map((p) => p.formCode)).toEqual([11]);
  expect(buildPayments(sale)).toEqual([{ Id: 11, ValorPago: 27.9 }]);
});

test('API de pagamento fora do ar ao tocar "PIX": mensagem clara e nada registrado', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await sandbox.control.setDown(true);
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'PIX', exact: true }).click();
  await expect(pay.getByRole('alert').filter({ hasText: 'fora do ar' })).toBeVisible({ timeout: 15_000 });
  await expect(pay.getByLabel('Pago')).toHaveText('R$ 0,00');
  expect(app.core.db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
});

test('aprovação de OUTRO pedido (API maliciosa): nada registrado, o caixa vê o motivo', async ({ page, app }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  const pay = await startPix(page);
  sandbox.control.setFault({ route: 'order.get', kind: 'tamper', merge: { order_id: 'SOME-OTHER-ORDER', status: 'approved', paid_amount: 0.01 }, times: 1 });
  await expect(pay.getByRole('status').filter({ hasText: /PIX não registrado: a resposta da API de pagamento não confere .*SOME-OTHER-ORDER/ })).toBeVisible({ timeout: 15_000 });
  await expect(pay.getByLabel('Status')).not.toHaveText('APROVADO');
  expect(app.core.db.prepare(`SELECT count(*) AS n FROM payments`).get()).toEqual({ n: 0 });
  expect(app.core.db.prepare(`SELECT status FROM outbox WHERE kind = 'payment.mismatch'`).all()).toEqual([{ status: 'attention' }]);
});
