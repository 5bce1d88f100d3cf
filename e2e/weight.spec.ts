import axeCore from 'axe-core';
import type { Page } from '@playwright/test';
import { withCheckDigit } from '../shared/ean';
import { startVirtualPrinter, type VirtualPrinter } from '../sandboxes/printer/server';
import { printerRoute } from '../sandboxes/printer/page';
import { scaleRoute } from '../sandboxes/scale/page';
import { startVirtualScale, type VirtualScale } from '../sandboxes/scale/server';
import { expect, openScreen, scanInput, test } from './fixtures';

// Issue 22: selling by weight at the counter, with the virtual scale and the virtual printer of this test.
let printer: VirtualPrinter;
let scale: VirtualScale;

const QUEIJO = { code: 9001, ean: withCheckDigit('789555000001'), description: 'Queijo Minas Frescal', priceCents: 3990 };
const PICANHA = { code: 9002, ean: withCheckDigit('789555000002'), description: 'Picanha Bovina', priceCents: 8990 };
/** Default layout 2 CCCCC VVVVVV D: PLU 09001, R$ 13,97 → 0,350 kg of Queijo at R$ 39,90/kg. */
const LABEL = withCheckDigit('209001001397');

test.use({
  appOptions: {
    startEmbedded: async (config) => {
      printer = await startVirtualPrinter({ port: 0 });
      scale = await startVirtualScale({ port: 0 });
      return {
        config: { ...config, printer: printer.url, scale: scale.url },
        routes: [printerRoute(printer), scaleRoute(scale)],
        close: async () => {
          await scale.stop();
          await printer.stop();
        },
      };
    },
    beforeOpen: async (app) => {
      await app.importCatalog(
        ['codigo;ean;descricao;preco;unidade', `${QUEIJO.code};${QUEIJO.ean};${QUEIJO.description};39,90;KG`, `${PICANHA.code};${PICANHA.ean};${PICANHA.description};89,90;KG`].join('\n'),
      );
    },
  },
});

test('venda por peso: etiqueta de balança, peso lido da balança, peso instável, peso digitado; o cupom imprime as linhas em kg', async ({ page, app }) => {
  const input = scanInput(page);
  const rows = page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');

  // 1) A scale label: the line shows the weight computed from the printed price.
  await page.keyboard.type(LABEL + '\n');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(QUEIJO.description);
  await expect(rows.nth(0).locator('td').nth(3)).toHaveText('0,350 KG');
  await expect(rows.nth(0).locator('td').nth(6)).toHaveText('R$ 13,97');

  // 2) Picanha on the plate, still moving: "Peso instável, aguarde", nothing added.
  scale.set({ grams: 1250, mode: 'unstable' });
  await page.keyboard.type(PICANHA.ean + '\n');
  await expect(page.getByRole('alert')).toHaveText('Peso instável, aguarde');
  await expect(rows).toHaveCount(1);

  // 3) The plate settles: the same scan reads 1,250 kg → 1,250 × 89,90 = 112,375 → R$ 112,38.
  scale.set({ mode: 'stable' });
  await page.keyboard.type(PICANHA.ean + '\n');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).locator('td').nth(3)).toHaveText('1,250 KG');
  await expect(rows.nth(1).locator('td').nth(6)).toHaveText('R$ 112,38');

  // 4) The scale stops answering: the cashier types "Peso (kg)".
  scale.set({ mode: 'silent' });
  await page.keyboard.type(QUEIJO.ean + '\n');
  const weigh = page.getByRole('dialog', { name: 'Informar peso' });
  await expect(weigh).toContainText('A balança não respondeu');
  const peso = weigh.getByLabel('Peso (kg)');
  await expect(peso).toBeFocused();
  await page.keyboard.type('0,42');
  await expect(weigh).toContainText('Total do item: R$ 16,76');
  await page.keyboard.press('Enter');
  await expect(weigh).toHaveCount(0);
  await expect(input).toBeFocused();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2).locator('td').nth(3)).toHaveText('0,420 KG');
  expect(scale.state().enqReceived).toBe(3);

  // 5) 0,350*EAN works for a KG product, not for a unit one.
  await page.keyboard.type('1,5*7891234567895\n');
  await expect(page.getByRole('alert')).toContainText('vendido por unidade');
  await expect(rows).toHaveCount(3);

  // 13,97 + 112,38 + 16,76 = 143,11; three items (each weighed line counts as one).
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 143,11');
  await expect(page.getByRole('complementary', { name: 'Resumo da venda' }).locator('dd').first()).toHaveText('3');

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Valor recebido')).toBeFocused();
  await page.keyboard.type('150\n');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toContainText('Troco: R$ 6,89');

  // The receipt bytes the printer received carry the kg lines.
  await expect.poll(() => printer.jobs().length).toBe(1);
  const text = printer.decoded()[0].text;
  expect(text).toContain('0,350 kg x R$ 39,90/kg = R$ 13,97');
  expect(text).toContain('1,250 kg x R$ 89,90/kg = R$ 112,38');
  expect(text).toContain('0,420 kg x R$ 39,90/kg = R$ 16,76');
  const rowsDb = app.core.db.prepare('SELECT product_code, quantity, fractional FROM sale_lines ORDER BY id').all();
  expect(rowsDb).toEqual([
    { product_code: QUEIJO.code, quantity: 350, fractional: 1 },
    { product_code: PICANHA.code, quantity: 1250, fractional: 1 },
    { product_code: QUEIJO.code, quantity: 420, fractional: 1 },
  ]);
});

test('Consulta de preço (Ctrl+K) decodifica a etiqueta sem incluir nada; Configurações > Balança muda o layout', async ({ page, app }) => {
  await page.keyboard.press('Control+k');
  const check = page.getByRole('dialog', { name: 'Consulta de preço' });
  await expect(check.getByLabel('Código, EAN ou etiqueta')).toBeFocused();
  await page.keyboard.type(LABEL + '\n');
  const result = check.getByRole('status', { name: 'Resultado da consulta' });
  await expect(result).toContainText(QUEIJO.description);
  await expect(result).toContainText('R$ 39,90/kg');
  await expect(result).toContainText('0,350 kg = R$ 13,97');
  await page.keyboard.press('Escape');
  await expect(check).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)')).toHaveCount(0);

  // A Gerente switches the labels to weight in grams: 2 09001 001250 D is now 1,250 kg.
  await openScreen(page, 'Balança');
  await page.getByLabel('Valor na etiqueta').selectOption('weight');
  await expect(page.getByText('Formato:')).toContainText('2 CCCCC VVVVVV D');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Configurações da balança salvas.' })).toBeVisible();
  scale.set({ grams: 780 });
  await page.getByRole('button', { name: 'Ler peso' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Peso estável: 0,780 kg' })).toBeVisible();
  await openScreen(page, 'Venda');
  await scanInput(page).fill(withCheckDigit('209001001250'));
  await page.keyboard.press('Enter');
  const rows = page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');
  await expect(rows.nth(0).locator('td').nth(3)).toHaveText('1,250 KG');
  await expect(rows.nth(0).locator('td').nth(6)).toHaveText('R$ 49,88');
  expect((app.core.db.prepare(`SELECT value FROM settings WHERE key = 'scale.labelLayout'`).get() as { value: string }).value).toContain('"weight"');
});

test('cartão de crédito em 3 parcelas com NSU: no cupom, no detalhe e no Relatório do dia por bandeira', async ({ page, app }) => {
  await page.keyboard.type(LABEL + '\n'); // R$ 13,97
  await page.keyboard.type('2*7891234567895\n'); // 2 × R$ 27,90
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 69,77');

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'Cartão de Crédito', exact: true }).click();
  await expect(pay.getByLabel('Valor', { exact: true })).toHaveValue('69,77');
  await pay.getByLabel('Bandeira').selectOption('Visa');
  await pay.getByLabel('Parcelas').selectOption('3');
  await pay.getByLabel('NSU').fill('123456');
  await pay.getByLabel('Autorização').fill('A1B2C3');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('list', { name: 'Pagamentos' })).toContainText('Visa 3x - NSU 123456 - Aut. A1B2C3');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();

  await expect.poll(() => printer.jobs().length).toBe(1);
  const text = printer.decoded()[0].text;
  expect(text).toContain('Cartão de Crédito');
  expect(text).toContain('Visa 3x - NSU 123456 - Aut. A1B2C3');
  expect(text).toContain('0,350 kg x R$ 39,90/kg = R$ 13,97');
  expect(app.core.db.prepare('SELECT form_code, card_brand, installments, nsu FROM payments').all()).toEqual([
    { form_code: 3, card_brand: 'Visa', installments: 3, nsu: '123456' },
  ]);

  await openScreen(page, 'Relatório do dia');
  await expect(page.getByRole('table', { name: 'Por forma de pagamento' }).getByRole('rowheader', { name: 'bandeira Visa' })).toBeVisible();
});

// The root tsconfig has no DOM lib: code run in the page reaches its globals through `any`.
/** axe (WCAG 2.1 A/AA + best practices) finds nothing, and the page needs no scrolling at 1024×768. */
async function accessibleAndFits(page: Page, where: string) {
  const injected = await page.evaluate(() => typeof (globalThis as any).axe !== 'undefined');
  if (!injected) await page.evaluate(axeCore.source);
  const found = await page.evaluate(async () => {
    const g = globalThis as any;
    const r = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return (r.violations as any[]).map((v) => `${v.id}: ${v.help} ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  expect(found, `axe em "${where}"`).toEqual([]);
  const overflow = await page.evaluate(() => {
    const g = globalThis as any;
    const dialog = g.document.querySelector('dialog[open]');
    const el = dialog ?? g.document.scrollingElement;
    return { scroll: el.scrollHeight, client: el.clientHeight, page: g.document.scrollingElement.scrollHeight, view: g.innerHeight };
  });
  expect(overflow.scroll, `${where}: cabe sem rolar`).toBeLessThanOrEqual(overflow.client);
  expect(overflow.page, `${where}: a página cabe em 768 px`).toBeLessThanOrEqual(overflow.view);
}

test('a 1024×768: Balança, Informar peso, Consulta de preço e o pagamento com dados do cartão cabem e passam no axe', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openScreen(page, 'Balança');
  await expect(page.getByLabel('Interface da balança')).toBeVisible();
  await accessibleAndFits(page, 'Balança');

  await openScreen(page, 'Venda');
  scale.set({ mode: 'silent' });
  await scanInput(page).fill(QUEIJO.ean);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Informar peso' })).toBeVisible();
  await accessibleAndFits(page, 'Informar peso');
  await page.getByRole('dialog', { name: 'Informar peso' }).getByLabel('Peso (kg)').fill('1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('Control+k');
  await page.keyboard.type(LABEL + '\n');
  await expect(page.getByRole('status', { name: 'Resultado da consulta' })).toContainText(QUEIJO.description);
  await accessibleAndFits(page, 'Consulta de preço');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'Cartão de Crédito', exact: true }).click();
  await expect(pay.getByLabel('Parcelas')).toBeVisible();
  await accessibleAndFits(page, 'Pagamento com dados do cartão');
});
