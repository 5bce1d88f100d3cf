import ExcelJS from 'exceljs';
import { formatBRL } from '../shared/money';
import { sellCash, sellMixed, sellPix } from '../test-support/sell';
import { TEST_CATALOG_CSV } from '../test-support/fixtures';
import { E2E_ADMIN_PIN, expect, openScreen, test } from './fixtures';

test.describe('caixa: abertura, sangria, fechamento com diferença e relatório do dia', () => {
  test.use({ appOptions: { shift: false, coreOptions: { requireShift: true } } });

  test('abrir caixa → vendas → sangria → fechar com diferença → relatório com os números e o gráfico', async ({ page, app }) => {
    // A fresh till shows "Abertura de caixa" first; the core refuses a sale meanwhile.
    await expect(page.getByRole('heading', { name: 'Abertura de caixa' })).toBeVisible();
    expect((await app.core.dispatch('sales.scan', { text: '7891234567895' })).ok).toBe(false);
    await page.getByLabel('Fundo de troco').fill('abc');
    await page.getByRole('button', { name: 'Abrir caixa' }).click();
    await expect(page.getByRole('alert')).toContainText('Fundo de troco inválido');
    await page.getByLabel('Fundo de troco').fill('100,00');
    await page.getByRole('button', { name: 'Abrir caixa' }).click();
    await expect(page.getByLabel('Código ou EAN', { exact: true })).toBeVisible();

    // Two sales at the counter (cash with change; card + cash), through the core (the sale screen has its own specs).
    await app.importCatalog(TEST_CATALOG_CSV);
    const a = sellCash(app.core);
    const b = sellMixed(app.core);
    const cashIn = [a, b].flatMap((s) => s.payments).filter((p) => p.formCode === 1).reduce((acc, p) => acc + p.amountCents, 0);
    const card = b.payments.find((p) => p.formCode === 3)!.amountCents;

    await openScreen(page, 'Caixa');
    await page.getByRole('button', { name: 'Sangria' }).click();
    const dlg = page.getByRole('dialog', { name: 'Sangria' });
    await dlg.getByLabel('Valor').fill('30,00');
    await dlg.getByLabel('Motivo').fill('Depósito no cofre');
    await dlg.getByRole('button', { name: 'Confirmar' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sangria de R$ 30,00 registrado' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Movimentos do caixa' })).toContainText('Depósito no cofre');

    // Blind count: R$ 2,00 short in the drawer.
    const expectedCash = 100_00 + cashIn - 30_00;
    await page.getByRole('button', { name: 'Fechamento de caixa' }).click();
    const count = page.getByRole('form', { name: 'Contagem do caixa' });
    await expect(count).not.toContainText(formatBRL(expectedCash));
    await count.getByLabel('Dinheiro').fill(formatBRL(expectedCash - 2_00).replace('R$ ', ''));
    await count.getByLabel('Cartão de Crédito').fill(formatBRL(card).replace('R$ ', ''));
    await count.getByRole('button', { name: 'Fechar caixa' }).click();
    const result = page.getByRole('table', { name: 'Conferência do caixa' });
    await expect(result.getByRole('row', { name: /Dinheiro/ })).toContainText(formatBRL(expectedCash));
    await expect(result.getByRole('row', { name: /Dinheiro/ })).toContainText('-R$ 2,00');
    await expect(page.getByRole('status').filter({ hasText: 'Diferença total: -R$ 2,00' })).toBeVisible();
    const shift = app.core.db.prepare(`SELECT status, difference_cents FROM shifts WHERE id = 1`).get();
    expect(shift).toEqual({ status: 'fechado', difference_cents: -2_00 });
    await expect
      .poll(() => app.core.db.prepare(`SELECT count(*) AS n FROM print_jobs WHERE kind = 'shift' AND title LIKE 'Fechamento%'`).get())
      .toEqual({ n: 1 });

    // The closed shift ended the session: the next shift starts at the login, then the report of today.
    await page.getByRole('button', { name: 'Continuar' }).click();
    await expect(page.locator('body[data-gate="login"]')).toBeAttached();
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Gerente (Gerente)' });
    await page.getByLabel('PIN', { exact: true }).fill(E2E_ADMIN_PIN);
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await page.getByLabel('Fundo de troco').fill('0');
    await page.getByRole('button', { name: 'Abrir caixa' }).click();
    await openScreen(page, 'Relatório do dia');
    const summary = page.getByRole('region', { name: 'Resumo do período' });
    const total = a.totals.netCents + b.totals.netCents;
    await expect(summary).toContainText(`Vendas2`);
    await expect(summary).toContainText(`Total vendido${formatBRL(total)}`);
    await expect(summary).toContainText(`Ticket médio${formatBRL(Math.round(total / 2))}`);
    await expect(page.getByRole('table', { name: 'Por forma de pagamento' }).getByRole('row', { name: /Cartão de Crédito/ })).toContainText(formatBRL(card));
    const chart = page.getByRole('img', { name: /Vendas por hora/ });
    await expect(chart).toBeVisible();
    const hour = await page.evaluate((iso) => new Date(iso).getHours(), a.finalizedAt!); // the screen's time zone
    await expect(chart.locator(`g[data-hour="${hour}"]`)).toHaveAttribute('data-count', /[12]/);
    const counts = await chart.locator('g[data-count]').evaluateAll((gs) => gs.reduce((s, g) => s + Number(g.getAttribute('data-count')), 0));
    expect(counts).toBe(2);
    await expect(chart.locator('rect.bar').first()).toBeVisible();
  });
});

test('Minhas vendas: filtrar por forma de pagamento e exportar XLSX (download lido de volta)', async ({ page, app }) => {
  await app.importCatalog(TEST_CATALOG_CSV);
  sellCash(app.core);
  const p1 = sellPix(app.core, 'E00000000202611231200AAAAAAAAAAA1');
  sellMixed(app.core);
  const p2 = sellPix(app.core, 'E00000000202611231200AAAAAAAAAAA2');
  await openScreen(page, 'Minhas vendas');
  const list = page.getByRole('table', { name: 'Vendas' });
  await expect(list.locator('tbody tr')).toHaveCount(4);
  await page.getByLabel('Forma de pagamento').selectOption({ label: 'PIX' });
  await expect(list.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('status', { name: 'Resumo do filtro' })).toHaveText(`2 venda(s) · Total ${formatBRL(p1.totals.netCents + p2.totals.netCents)}`);

  // Detail shows the PIX id.
  await list.getByRole('button', { name: `Abrir venda nº ${p2.documentNumber}` }).click();
  await expect(page.getByRole('region', { name: `Venda nº ${p2.documentNumber}` })).toContainText('E00000000202611231200AAAAAAAAAAA2');

  await page.getByRole('button', { name: 'Exportar' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'XLSX' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^vendas-\d{12}\.xlsx$/);
  const file = test.info().outputPath('vendas.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).slice(1);
  const numbers = new Set<number>();
  let totalCents = 0;
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const num = row.getCell(header.indexOf('Número') + 1).value as number;
    if (!numbers.has(num)) totalCents += Math.round((row.getCell(header.indexOf('Total da venda') + 1).value as number) * 100);
    numbers.add(num);
    expect(row.getCell(header.indexOf('Formas de pagamento') + 1).value).toBe('PIX Dinâmico');
  });
  expect([...numbers].sort()).toEqual([p1.documentNumber, p2.documentNumber].sort());
  expect(totalCents).toBe(p1.totals.netCents + p2.totals.netCents);
  await expect(page.getByRole('status').filter({ hasText: 'Exportado: vendas-' })).toBeVisible();
});

/** axe (WCAG 2.1 A/AA + best practices) finds nothing on the back-office screens. */
async function expectNoAxe(page: import('@playwright/test').Page, where: string) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe em "${where}"`,
  ).toEqual([]);
}

test.describe('acessibilidade do back office', () => {
  test.use({ appOptions: { shift: false } });
  test('Abertura de caixa, Minhas vendas, Caixa, Fechamento e Relatório do dia sem violações do axe', async ({ page, app }) => {
    await expect(page.getByRole('heading', { name: 'Abertura de caixa' })).toBeVisible();
    await expectNoAxe(page, 'Abertura de caixa');
    await page.getByRole('button', { name: 'Abrir caixa' }).click();
    await app.importCatalog(TEST_CATALOG_CSV);
    const sale = sellMixed(app.core);
    await openScreen(page, 'Minhas vendas');
    await page.getByRole('button', { name: `Abrir venda nº ${sale.documentNumber}` }).click();
    await expect(page.getByRole('region', { name: `Venda nº ${sale.documentNumber}` })).toBeVisible();
    await expectNoAxe(page, 'Minhas vendas');
    await page.getByLabel('CPF').fill('123');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByRole('alert')).toContainText('CPF inválido');
    await openScreen(page, 'Caixa');
    await expectNoAxe(page, 'Caixa');
    await page.getByRole('button', { name: 'Fechamento de caixa' }).click();
    await expect(page.getByRole('form', { name: 'Contagem do caixa' })).toBeVisible();
    await expectNoAxe(page, 'Fechamento de caixa');
    await page.getByRole('button', { name: 'Voltar' }).click();
    await openScreen(page, 'Relatório do dia');
    await expect(page.getByRole('img', { name: /Vendas por hora/ })).toBeVisible();
    await expectNoAxe(page, 'Relatório do dia');
  });
});
