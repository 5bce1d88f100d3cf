import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';

/** Issue 7, points 2 and 3: payments are never dropped silently; a R$ 0,00 sale is confirmed and recorded as "Sem Pagamento". */
const [arroz] = fixtureProducts;

test('desconto depois de dois cartões: os pagamentos ficam e o caixa vê "Os pagamentos passam do novo total"', async ({ page, app }) => {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n'); // R$ 27,90
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  for (const [form, amount] of [
    ['Cartão de Crédito', '10,00'],
    ['Cartão de Débito', '4,90'],
  ]) {
    await pay.getByRole('button', { name: form, exact: true }).click();
    await pay.getByLabel('Valor', { exact: true }).fill(amount);
    await page.keyboard.press('Enter');
  }
  await expect(pay.getByLabel('Pago')).toHaveText('R$ 14,90');
  await page.keyboard.press('Escape');
  await expect(pay).toHaveCount(0);

  // R$ 20,00 off the sale: total R$ 7,90, paid R$ 14,90.
  await page.keyboard.press('F5');
  await page.keyboard.type('20,00\n');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 7,90');
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'Os pagamentos passam do novo total: remova um pagamento' })).toBeVisible();
  expect(app.core.db.prepare('SELECT form_code, amount_cents FROM payments ORDER BY id').all()).toEqual([
    { form_code: 3, amount_cents: 1000 },
    { form_code: 4, amount_cents: 490 },
  ]);

  // In "Pagamento" the same message, both tenders listed, Finalizar disabled; removing one clears it.
  await page.keyboard.press('F10');
  await expect(pay.getByRole('alert').filter({ hasText: 'Os pagamentos passam do novo total: remova um pagamento' })).toBeVisible();
  await expect(pay.getByRole('list', { name: 'Pagamentos' }).getByRole('listitem')).toHaveCount(2);
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeDisabled();
  await pay.getByRole('button', { name: 'Remover pagamento Cartão de Crédito R$ 10,00' }).click();
  await expect(pay.getByTestId('overpaid')).toHaveCount(0);
  await expect(pay.getByLabel('Restante')).toHaveText('R$ 3,00');
});

test('venda de R$ 0,00: Finalizar pede confirmação e grava a forma 90 "Sem Pagamento"', async ({ page, app }) => {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');
  await page.keyboard.press('F5');
  await page.keyboard.type('100%\n');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 0,00');

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  const finalizar = pay.getByRole('button', { name: 'Finalizar', exact: true });
  await expect(finalizar).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = pay.getByRole('group', { name: 'Venda sem pagamento' });
  await expect(confirm.getByRole('button', { name: 'Finalizar sem pagamento' })).toBeFocused();
  // Nothing recorded before the confirmation.
  expect(app.core.db.prepare(`SELECT count(*) AS n FROM sales WHERE status = 'finalizada'`).get()).toEqual({ n: 0 });
  await page.keyboard.press('Enter');

  await expect(pay).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();
  const sale = app.core.db.prepare(`SELECT id, net_cents FROM sales WHERE status = 'finalizada'`).get() as { id: string; net_cents: number };
  expect(sale.net_cents).toBe(0);
  expect(app.core.db.prepare('SELECT form_code, amount_cents FROM payments WHERE sale_id = ?').all(sale.id)).toEqual([{ form_code: 90, amount_cents: 0 }]);
});
