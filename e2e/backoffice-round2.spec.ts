import { sellCash, sellMixed, sellPix } from '../test-support/sell';
import { TEST_CATALOG_CSV } from '../test-support/fixtures';
import { formatBRL } from '../shared/money';
import { fixtureProducts } from './catalog';
import { expect, openScreen, scanInput, test } from './fixtures';
import { expectFits } from './fit';

/** Issue 21, back office: one rule for totals (cancelled sales apart), screens that fit 1024×768. */
for (const viewport of [{ width: 1024, height: 768 }, { width: 1366, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: Minhas vendas "Hoje" e Relatório do dia somam igual (canceladas à parte); o detalhe cabe`, async ({ page, app }) => {
    await page.setViewportSize(viewport);
    await app.importCatalog(TEST_CATALOG_CSV);
    const a = sellCash(app.core);
    const b = sellMixed(app.core);
    const c = sellPix(app.core);
    await app.call('cancellation.cancel', { saleId: b.id, reason: 'Cliente desistiu' });
    const kept = a.totals.netCents + c.totals.netCents;

    await openScreen(page, 'Minhas vendas');
    const list = page.getByRole('table', { name: 'Vendas' });
    await expect(list.locator('tbody tr')).toHaveCount(3);
    await expect(page.getByRole('status', { name: 'Resumo do filtro' })).toHaveText(
      `3 venda(s) · Total ${formatBRL(kept)} · 1 cancelada(s): ${formatBRL(b.totals.netCents)} fora do total`,
    );
    await expect(list.getByRole('row', { name: new RegExp(`Abrir venda nº ${b.documentNumber}`) })).toContainText('Cancelada');
    await list.getByRole('button', { name: `Abrir venda nº ${b.documentNumber}` }).click();
    const detail = page.getByRole('region', { name: `Venda nº ${b.documentNumber}` });
    await expect(detail).toContainText(formatBRL(b.totals.netCents));
    await expectFits(page, 'Minhas vendas com o detalhe');

    // "Forma de pagamento": the enabled forms, named as on the payment buttons.
    const enabled = (await app.call<{ label: string; enabled: boolean }[]>('payments.forms')).filter((f) => f.enabled).map((f) => f.label);
    const options = await page.getByLabel('Forma de pagamento').locator('option').allTextContents();
    expect(options.slice(1).sort()).toEqual([...enabled].sort());
    // "Valor" reads money the Brazilian way: "1.000" is a thousand reais (it was R$ 1,00: every sale matched).
    await page.getByLabel('Mínimo').fill('1.000');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByRole('status', { name: 'Resumo do filtro' })).toHaveText('0 venda(s) · Total R$ 0,00');
    await page.getByLabel('Mínimo').fill('20');
    await page.getByLabel('Máximo').fill('1.000,00');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(list.locator('tbody tr')).toHaveCount(2);
    await page.getByLabel('Mínimo').fill('20.5');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Valor mínimo' })).toContainText('ambíguo');

    await openScreen(page, 'Relatório do dia');
    await expect(page.getByRole('region', { name: 'Resumo do período' })).toContainText(`Total vendido${formatBRL(kept)}`);
  });
}

test('1024×768: a coluna TOTAL do carrinho mostra o total inteiro de uma linha grande', async ({ page }) => {
  const [arroz, , , cafe] = fixtureProducts;
  await expect(scanInput(page)).toBeFocused();
  // 3.990 × R$ 27,90 = R$ 111.321,00 (asked for Enter again: above 100 units and R$ 10.000,00).
  await page.keyboard.type(`3990*${arroz.ean}\n`);
  await expect(scanInput(page)).toHaveValue(`3990*${arroz.ean}`);
  await page.keyboard.press('Enter');
  await page.keyboard.type(`99*${cafe.ean}\n`);
  const cart = page.getByRole('table', { name: 'Itens da venda' });
  await expect(cart.locator('tbody tr:not(.empty-row)')).toHaveCount(2);
  await expect(cart.locator('tbody tr').first()).toContainText('R$ 111.321,00');
  await expectFits(page, 'Venda com linhas grandes');
});

test.describe('outro usuário no caixa', () => {
  test.use({ appOptions: { beforeOpen: async (app) => void (await app.call('users.create', { name: 'Ana Caixa', role: 'caixa', pin: '1111' })) } });

  test('o Operador que entra depois do Gerente começa na Venda, não nas Configurações do Gerente', async ({ page }) => {
    await openScreen(page, 'Usuários');
    await page.keyboard.press('F12');
    await expect(page.getByRole('heading', { name: 'Caixa bloqueado' })).toBeVisible();
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Ana Caixa (Operador)' });
    await page.getByLabel('PIN', { exact: true }).fill('1111');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('.topbar .who')).toHaveText('Ana Caixa');
    await expect(page.getByRole('main', { name: 'Venda' })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(scanInput(page)).toBeFocused();
  });
});
