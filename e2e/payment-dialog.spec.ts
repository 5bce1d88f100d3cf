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
import { expectFits } from './fit';

/** Issue 21: the payment dialog (and its PIX QR) fits a 1024×768 till; every enabled form has a key, shown on its button. */
for (const viewport of [{ width: 1024, height: 768 }, { width: 1366, height: 768 }]) {
  test(`Pagamento a ${viewport.width}×${viewport.height}: cada forma com sua tecla; o QR do PIX cabe sem rolar`, async ({ page, app }) => {
    await page.setViewportSize(viewport);
    await scanInput(page).fill(arroz.ean);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');
    await page.keyboard.press('F10');
    const pay = page.getByRole('dialog', { name: 'Pagamento' });
    const buttons = pay.getByRole('group', { name: 'Forma de pagamento' }).getByRole('button');
    const enabled = (await app.call<{ code: number; enabled: boolean }[]>('payments.forms')).filter((f) => f.enabled);
    await expect(buttons).toHaveCount(enabled.length);
    expect(enabled.length).toBeGreaterThan(6);
    const keys = await buttons.evaluateAll((bs) => bs.map((b) => [b.getAttribute('aria-label'), b.getAttribute('aria-keyshortcuts'), b.querySelector('kbd')?.textContent]));
    expect(keys.slice(0, 6)).toEqual([
      ['Dinheiro', '1', '1'],
      ['Cartão de Crédito', '2', '2'],
      ['Cartão de Débito', '3', '3'],
      ['PIX', '4', '4'],
      ['Vale Alimentação', '5', '5'],
      ['Vale Refeição', '6', '6'],
    ]);
    for (const [label, key, shown] of keys) {
      expect(key, `${label} tem tecla`).toBeTruthy();
      expect(shown, `${label} mostra a tecla`).toBe(key!.replace('Shift+', '⇧'));
    }
    expect(new Set(keys.map((k) => k[1])).size).toBe(keys.length);
    // A form of the second row: its key chooses it (Cheque is 7 when enabled).
    const [label7, key7] = keys[6];
    await page.keyboard.press(key7!);
    await expect(pay.getByRole('button', { name: label7!, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(pay.getByLabel('Valor', { exact: true })).toBeFocused();
    await expectFits(page, 'Pagamento com o valor');
    await pay.getByRole('button', { name: 'Voltar' }).click();

    await pay.getByRole('button', { name: 'PIX', exact: true }).click();
    await expect(pay.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
    await expect(pay.getByRole('img', { name: /QR Code PIX/ })).toBeVisible();
    await expectFits(page, 'Pagamento com o QR do PIX');
    for (const name of ['Cancelar PIX', 'Voltar', 'Finalizar', 'Copiar']) await expect(pay.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
    await expect(pay.getByRole('img', { name: /QR Code PIX/ })).toBeInViewport({ ratio: 1 });
  });
}

test('Cancelar PIX pede confirmação: "Não" mantém o pedido; "Sim, cancelar PIX" cancela na API', async ({ page }) => {
  await scanInput(page).fill(arroz.ean);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'PIX', exact: true }).click();
  await expect(pay.getByLabel('Status')).toHaveText('PENDENTE', { timeout: 15_000 });
  await pay.getByRole('button', { name: 'Cancelar PIX', exact: true }).click();
  const confirm = pay.getByRole('group', { name: 'Confirmar cancelamento do PIX' });
  await expect(confirm.getByRole('button', { name: 'Sim, cancelar PIX' })).toBeFocused();
  await expectFits(page, 'Confirmar cancelamento do PIX');
  await confirm.getByRole('button', { name: 'Não' }).click();
  await expect(confirm).toHaveCount(0);
  expect(sandbox.control.orders().map((o) => o.status)).toEqual(['pending']);
  // Esc answers "Não": the PIX and the payment dialog stay.
  await pay.getByRole('button', { name: 'Cancelar PIX', exact: true }).click();
  await expect(confirm.getByRole('button', { name: 'Sim, cancelar PIX' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(pay).toBeVisible();
  await expect(pay.getByRole('button', { name: 'Cancelar PIX', exact: true })).toBeFocused();
  expect(sandbox.control.orders().map((o) => o.status)).toEqual(['pending']);
  await pay.getByRole('button', { name: 'Cancelar PIX', exact: true }).click();
  await confirm.getByRole('button', { name: 'Sim, cancelar PIX' }).click();
  await expect.poll(() => sandbox.control.orders()[0].status, { timeout: 15_000 }).toBe('cancelled');
});
