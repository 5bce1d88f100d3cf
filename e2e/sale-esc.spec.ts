import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';
import { scannerBurst } from './scanner';

/**
 * Issue 7, point 1: a scanner read right after Esc closed a sale dialog was
 * lost (the field looked focused but no input event fired). For each dialog:
 * open → Esc → a burst of 5 codes at 5 ms per character → all 5 lines there.
 */
const [arroz] = fixtureProducts;
const rowsOf = (page: import('@playwright/test').Page) =>
  page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');

const dialogs: [string, string][] = [
  ['F2', 'Buscar produto'],
  ['F3', 'Alterar quantidade'],
  ['F4', 'Desconto no item'],
  ['F5', 'Desconto na venda'],
  ['F8', 'Cancelar venda'],
  ['F10', 'Pagamento'],
];

for (const [key, name] of dialogs) {
  test(`Esc fecha "${name}" (${key}) e a leitura seguinte do leitor não se perde`, async ({ page, app }) => {
    test.setTimeout(60_000);
    const input = scanInput(page);
    await expect(input).toBeFocused();
    await page.keyboard.type(arroz.ean + '\n');
    const rows = rowsOf(page);
    await expect(rows).toHaveCount(1);

    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    const codes = Array.from({ length: 5 }, (_, i) => fixtureProducts[1 + i].ean);
    await scannerBurst(page, codes, 0, 5);
    await expect(rows).toHaveCount(6, { timeout: 15_000 });
    await expect(input).toHaveValue('');
    const eans = app.core.db.prepare('SELECT ean FROM sale_lines ORDER BY line_order').all() as { ean: string }[];
    expect(eans.map((l) => l.ean)).toEqual([arroz.ean, ...codes]);
  });
}

test('depois de confirmar um diálogo com Enter (F3 → 2 → Enter; F5 → 5,00 → Enter) a leitura seguinte também não se perde', async ({ page, app }) => {
  const input = scanInput(page);
  await expect(input).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  const rows = rowsOf(page);
  await expect(rows).toHaveCount(1);
  let expected = [arroz.ean];
  for (const [key, name, text] of [
    ['F3', 'Alterar quantidade', '2'],
    ['F5', 'Desconto na venda', '1,00'],
  ]) {
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await page.keyboard.type(text + '\n');
    await expect(dialog).toHaveCount(0);
    const codes = Array.from({ length: 5 }, (_, i) => fixtureProducts[2 + i].ean);
    await scannerBurst(page, codes, 0, 5);
    expected = [...expected, ...codes];
    await expect(rows).toHaveCount(expected.length, { timeout: 15_000 });
  }
  const eans = app.core.db.prepare('SELECT ean FROM sale_lines ORDER BY line_order').all() as { ean: string }[];
  expect(eans.map((l) => l.ean)).toEqual(expected);
});
