import { expect, openScreen, test } from './fixtures';

/** Issue 7, point 11: no /favicon.ico 404; the saved CNPJ shown as 00.000.000/0000-00. */

test('a página carrega sem nenhum 404 e /favicon.ico é um ícone de verdade', async ({ page, app }) => {
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) notFound.push(`${r.status()} ${r.url()}`);
  });
  await page.reload();
  await page.locator('body[data-ready="true"]').waitFor();
  const icon = await page.request.get(new URL('favicon.ico', app.url).toString());
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
  const bytes = await icon.body();
  expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // ICO header
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('./favicon.ico');
  expect(notFound).toEqual([]);
});

test('CNPJ salvo aparece formatado (00.000.000/0000-00) na tela Impressora', async ({ page, app }) => {
  const current = await app.call<Record<string, unknown>>('printing.getSettings');
  await app.call('printing.saveSettings', { ...current, storeCnpj: '54517628001593' });
  await openScreen(page, 'Impressora');
  await expect(page.getByLabel('CNPJ no cupom')).toHaveValue('54.517.628/0015-93');
  // Saved from the screen as typed (digits only), it comes back formatted.
  await page.getByLabel('CNPJ no cupom').fill('11222333000181');
  await page.getByRole('button', { name: /^Salvar/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Configurações da impressora salvas.' })).toBeVisible();
  await expect(page.getByLabel('CNPJ no cupom')).toHaveValue('11.222.333/0001-81');
});
