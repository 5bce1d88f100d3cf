import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';

/** Issue 7, points 4 and 5. */
const [arroz, feijao] = fixtureProducts;
const rowsOf = (page: import('@playwright/test').Page) =>
  page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');

test('produto incluído pela busca (F2) fica selecionado: F3 age sobre ele', async ({ page, app }) => {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  await page.keyboard.type(feijao.ean + '\n');
  const rows = rowsOf(page);
  await expect(rows).toHaveCount(2);
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('F2');
  await page.keyboard.type('cafe');
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).not.toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('F3');
  await expect(page.getByRole('dialog', { name: 'Alterar quantidade' })).toContainText('Café');
  await page.keyboard.type('2\n');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(app.core.db.prepare('SELECT description, quantity FROM sale_lines ORDER BY line_order').all()).toEqual([
    { description: arroz.description, quantity: 1000 },
    { description: feijao.description, quantity: 1000 },
    { description: 'Café Torrado e Moído 500g', quantity: 2000 },
  ]);
});

test('99999*EAN pede confirmação (Enter de novo) antes de incluir; F3 acima de 100 também', async ({ page, app }) => {
  const input = scanInput(page);
  await expect(input).toBeFocused();
  await page.keyboard.type(`99999*${arroz.ean}\n`);
  const alert = page.getByRole('main').getByRole('alert').first();
  await expect(alert).toHaveText('Confira: 99.999 × R$ 27,90 = R$ 2.789.972,10. Se estiver certo, tecle Enter de novo.');
  await expect(input).toHaveValue(`99999*${arroz.ean}`);
  expect(app.core.db.prepare('SELECT count(*) AS n FROM sale_lines').get()).toEqual({ n: 0 });

  // The cashier fixes the quantity instead: a normal scan, no question.
  await input.fill(`2*${arroz.ean}`);
  await page.keyboard.press('Enter');
  await expect(rowsOf(page)).toHaveCount(1);

  // F3 with 150: the warning, then Enter again confirms.
  await page.keyboard.press('F3');
  const dialog = page.getByRole('dialog', { name: 'Alterar quantidade' });
  await page.keyboard.type('150\n');
  await expect(dialog.getByRole('alert')).toHaveText('Confira: 150 × R$ 27,90 = R$ 4.185,00. Se estiver certo, tecle Enter de novo.');
  expect(app.core.db.prepare('SELECT quantity FROM sale_lines').all()).toEqual([{ quantity: 2000 }]);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  expect(app.core.db.prepare('SELECT quantity FROM sale_lines').all()).toEqual([{ quantity: 150_000 }]);

  // The scan confirmed with Enter again.
  await page.keyboard.type(`500*${feijao.ean}\n`);
  await expect(input).toHaveValue(`500*${feijao.ean}`);
  await page.keyboard.press('Enter');
  await expect(rowsOf(page)).toHaveCount(2);
  expect(app.core.db.prepare('SELECT quantity FROM sale_lines ORDER BY line_order').all()).toEqual([{ quantity: 150_000 }, { quantity: 500_000 }]);
});

test('a caixa pós-venda ("Venda nº 1 finalizada", "Imprimir comprovante") volta depois de recarregar, até a próxima leitura', async ({ page }) => {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  await expect(rowsOf(page)).toHaveCount(1);
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('30\n');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  const done = page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' });
  await expect(done).toContainText('Troco: R$ 2,10');

  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(done).toContainText('Troco: R$ 2,10');
  await expect(page.getByRole('button', { name: 'Imprimir comprovante', exact: true })).toBeVisible();
  await expect(scanInput(page)).toBeFocused();

  await page.keyboard.type(feijao.ean + '\n');
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(done).toHaveCount(0);
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  await expect(rowsOf(page)).toHaveCount(1);
  await expect(done).toHaveCount(0);
});
