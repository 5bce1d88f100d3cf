import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';
import { scannerBurst } from './scanner';

test('rajada do leitor: 50 códigos a 5 ms por caractere, nenhum perdido nem fora do lugar', async ({ page, app }) => {
  // Playwright sends each key and waits for it (~20 ms round trip): 700 keys take 10–25 s on 2 busy cores.
  test.setTimeout(90_000);
  const codes = Array.from({ length: 50 }, (_, i) => fixtureProducts[(i * 7) % fixtureProducts.length].ean);
  await expect(scanInput(page)).toBeFocused();
  const t0 = Date.now();
  for (const code of codes) await page.keyboard.type(code + '\n', { delay: 5 });
  const typedMs = Date.now() - t0;

  const rows = page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');
  await expect(rows).toHaveCount(50, { timeout: 15_000 });
  const doneMs = Date.now() - t0;
  console.log(`rajada: 50 códigos digitados em ${typedMs} ms (${(50000 / typedMs).toFixed(1)} leituras/s), carrinho completo em ${doneMs} ms`);
  await expect(scanInput(page)).toHaveValue('');
  await expect(scanInput(page)).toBeFocused();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('');

  const lines = app.core.db.prepare('SELECT line_order, ean, quantity FROM sale_lines ORDER BY line_order').all() as {
    line_order: number;
    ean: string;
    quantity: number;
  }[];
  expect(lines.map((l) => l.ean)).toEqual(codes);
  expect(lines.map((l) => l.line_order)).toEqual(codes.map((_, i) => i + 1));
  expect(lines.every((l) => l.quantity === 1)).toBe(true);
  const expected = codes.reduce((s, c) => s + fixtureProducts.find((p) => p.ean === c)!.priceCents, 0);
  const { formatBRL } = await import('../shared/money');
  await expect(page.getByTestId('sale-total')).toHaveText(formatBRL(expected));
});

test('leitor a 20 leituras por segundo (teclas reais via CDP, código inteiro em poucos ms)', async ({ page, app }) => {
  const codes = Array.from({ length: 60 }, (_, i) => (i % 4 === 3 ? '2*' : '') + fixtureProducts[(i * 3) % fixtureProducts.length].ean);
  await expect(scanInput(page)).toBeFocused();
  const elapsed = await scannerBurst(page, codes, 50);
  const rows = page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');
  await expect(rows).toHaveCount(60, { timeout: 15_000 });
  console.log(`leitor 20/s: 60 códigos enviados em ${elapsed} ms`);
  await expect(scanInput(page)).toHaveValue('');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('');
  const lines = app.core.db.prepare('SELECT ean, quantity FROM sale_lines ORDER BY line_order').all();
  expect(lines).toEqual(
    codes.map((c) => (c.startsWith('2*') ? { ean: c.slice(2), quantity: 2 } : { ean: c, quantity: 1 })),
  );
});
