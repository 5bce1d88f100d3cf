import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { fixtureProducts } from './catalog';
import { expect, test } from './fixtures';
import { hubAppOptions, identify, payCash, scan, type HubRef } from './loyalty-kit';

/** axe (WCAG 2.1 A/AA + best practices) and accessible names over the loyalty screens. */
const ref: Partial<HubRef> = {};
test.use({ appOptions: hubAppOptions(ref) });
const [arroz] = fixtureProducts;

async function audit(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe em "${where}"`,
  ).toEqual([]);
  const controls = page.locator('dialog[open] input, dialog[open] select, dialog[open] button, main button').filter({ visible: true });
  const n = await controls.count();
  for (let i = 0; i < n; i++) await expect(controls.nth(i), `sem nome em "${where}"`).not.toHaveAccessibleName(/^\s*$/, { timeout: 1 });
}

test('axe: cliente, cadastro, painel, saldo, PIN, campanhas e bônus', async ({ page }) => {
  test.setTimeout(120_000);
  await scan(page, arroz.ean, 1);
  await audit(page, 'Venda com fidelidade');
  await page.keyboard.press('F6');
  await audit(page, 'Identificar cliente');
  await page.getByRole('dialog', { name: 'Identificar cliente' }).getByLabel('CPF').fill('12345678909');
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'Cadastro de cliente' });
  await form.getByText('Mais dados').click();
  await audit(page, 'Cadastro de cliente');
  await form.getByRole('button', { name: 'Cancelar' }).click();
  await page.getByRole('dialog', { name: 'Identificar cliente' }).getByRole('button', { name: 'Cancelar' }).click();

  await identify(page, '52998224725');
  await expect(page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' })).toBeVisible();
  await audit(page, 'Painel do cliente');
  await page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' }).getByRole('button', { name: 'Fechar' }).click();
  await page.getByRole('button', { name: 'Mais opções do cliente' }).click();
  await audit(page, 'Mais opções do cliente');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await audit(page, 'Utilização de saldo');
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByLabel('Valor a utilizar').fill('5,00');
  await red.getByRole('button', { name: 'Enviar' }).click();
  const pin = page.getByRole('dialog', { name: 'Validação do PIN' });
  await expect(pin).toBeVisible();
  await audit(page, 'Validação do PIN');
  await pin.getByLabel('PIN').fill(ref.hub!.control.lastPin('52998224725')!);
  await pin.getByRole('button', { name: 'Validar' }).click();
  const pay = await payCash(page, '30');
  await audit(page, 'Pagamento com saldo');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await expect(page.getByRole('dialog', { name: 'Campanhas' })).toBeVisible();
  await audit(page, 'Campanhas');
  await page.getByRole('dialog', { name: 'Campanhas' }).getByRole('button', { name: 'Finalizar' }).click();
  await expect(page.getByRole('dialog', { name: 'Fidelidade' })).toBeVisible();
  await audit(page, 'Bônus');
});
