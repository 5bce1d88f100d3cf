import type { Page } from '@playwright/test';
import { startVirtualPrinter, type VirtualPrinter } from '../sandboxes/printer/server';
import { printerRoute } from '../sandboxes/printer/page';
import { fixtureProducts } from './catalog';
import { expect, openScreen, scanInput, test } from './fixtures';
import { expectFits } from './fit';

/**
 * Issue 21, "Done when": a whole shift at 1024×768 with money typed the Brazilian way
 * (abertura "1.000,00", suprimento "2.500", sangria, fechamento "1.250,00"): every
 * amount on screen, in the database and on the printed slips.
 */
const [arroz, feijao] = fixtureProducts; // R$ 27,90 and R$ 8,49

let printer: VirtualPrinter;
test.use({
  viewport: { width: 1024, height: 768 },
  appOptions: {
    shift: false,
    coreOptions: { requireShift: true },
    startEmbedded: async (config) => {
      printer = await startVirtualPrinter({ port: 0 });
      return { config: { ...config, printer: printer.url }, routes: [printerRoute(printer)], close: () => printer.stop() };
    },
  },
});

async function pay(page: Page, key: string, typed: string | null) {
  await page.keyboard.press('F10');
  const dlg = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(dlg.getByRole('button', { name: /^Dinheiro/ })).toBeFocused();
  await page.keyboard.press(key);
  const amount = dlg.getByLabel(/^Valor/);
  await expect(amount).toBeFocused();
  await expectFits(page, 'Pagamento');
  if (typed !== null) await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await expect(dlg.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dlg).toHaveCount(0);
}

test('um turno inteiro a 1024×768: abertura 1.000,00, vendas, suprimento 2.500, sangria, fechamento 1.250,00', async ({ page, app }) => {
  const db = app.core.db;

  // Abertura: the prefilled 0,00 is selected, so typing replaces it (was "0,001.000,00").
  const float = page.getByLabel('Fundo de troco');
  await expect(float).toBeFocused();
  await expect(float).toHaveValue('0,00');
  await expectFits(page, 'Abertura de caixa');
  await page.keyboard.type('1.000,00');
  await page.keyboard.press('Enter');
  await expect(scanInput(page)).toBeFocused();
  expect(db.prepare('SELECT float_cents FROM shifts').all()).toEqual([{ float_cents: 100_000 }]);

  // Sale 1: arroz, cash "50" → troco R$ 22,10. Sale 2: feijão by credit card, the prefilled amount.
  await page.keyboard.type(arroz.ean + '\n');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');
  await expectFits(page, 'Venda');
  await pay(page, '1', '50');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toContainText('Troco: R$ 22,10');
  await page.keyboard.type(feijao.ean + '\n');
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 8,49');
  await pay(page, '2', null);
  await expect(page.getByRole('status').filter({ hasText: /Venda nº 2 finalizada/ })).toBeVisible();
  expect(db.prepare(`SELECT form_code, amount_cents, received_cents, change_cents FROM payments ORDER BY id`).all()).toEqual([
    { form_code: 1, amount_cents: 2790, received_cents: 5000, change_cents: 2210 },
    { form_code: 3, amount_cents: 849, received_cents: 849, change_cents: 0 },
  ]);

  // Caixa: the float as typed, a suprimento of "2.500" (two and a half thousand reais, not R$ 2,50).
  await openScreen(page, 'Caixa');
  await expect(page.getByRole('main', { name: 'Caixa' })).toContainText('Fundo de troco R$ 1.000,00');
  await expectFits(page, 'Caixa');
  await page.getByRole('button', { name: 'Suprimento' }).click();
  let dlg = page.getByRole('dialog', { name: 'Suprimento' });
  await expect(dlg.getByLabel('Valor')).toBeFocused();
  await page.keyboard.type('2.500');
  await dlg.getByLabel('Motivo').fill('Troco extra');
  await expectFits(page, 'Suprimento');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Suprimento de R$ 2.500,00 registrado' })).toBeVisible();

  // Sangria: "1.25" is ambiguous and refused (nothing saved); then 2.277,90 leaves R$ 1.250,00 in the drawer.
  await page.getByRole('button', { name: 'Sangria' }).click();
  dlg = page.getByRole('dialog', { name: 'Sangria' });
  await expect(dlg.getByLabel('Valor')).toBeFocused();
  await page.keyboard.type('1.25');
  await dlg.getByLabel('Motivo').fill('Depósito no cofre');
  await page.keyboard.press('Enter');
  await expect(dlg.getByRole('alert')).toContainText('Valor ambíguo: "1.25"');
  expect(db.prepare('SELECT count(*) AS n FROM shift_movements').get()).toEqual({ n: 1 });
  await dlg.getByLabel('Valor').fill('2.277,90');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Sangria de R$ 2.277,90 registrado' })).toBeVisible();
  const moves = page.getByRole('table', { name: 'Movimentos do caixa' });
  await expect(moves.getByRole('row', { name: /Troco extra/ })).toContainText('R$ 2.500,00');
  await expect(moves.getByRole('row', { name: /Depósito no cofre/ })).toContainText('R$ 2.277,90');
  expect(db.prepare('SELECT kind, amount_cents FROM shift_movements ORDER BY id').all()).toEqual([
    { kind: 'suprimento', amount_cents: 250_000 },
    { kind: 'sangria', amount_cents: 227_790 },
  ]);

  // Fechamento: a blank count is refused (not R$ 0,00); Dinheiro "1.250,00", crédito "8,49"; "Sem Pagamento" is not asked.
  await page.getByRole('button', { name: 'Fechamento de caixa' }).click();
  const count = page.getByRole('form', { name: 'Contagem do caixa' });
  await expect(count.getByRole('textbox')).toHaveCount(2);
  await expectFits(page, 'Fechamento de caixa');
  await count.getByLabel('Dinheiro').fill('1.250,00');
  await count.getByRole('button', { name: 'Fechar caixa' }).click();
  await expect(count.getByRole('alert')).toContainText('Cartão de Crédito: digite o valor contado');
  await expect(count.getByLabel('Cartão de Crédito')).toBeFocused();
  expect(db.prepare(`SELECT status FROM shifts`).get()).toEqual({ status: 'aberto' });
  await page.keyboard.type('8,49');
  await page.keyboard.press('Enter');
  // (The on-screen "Conferência do caixa" is not asserted here: since the closed shift ends the session (issue 19),
  // the next call — the closing report's print event — brings the login at once. Its figures are on the slip below.)
  await expect.poll(() => (db.prepare(`SELECT status FROM shifts`).get() as { status: string }).status).toBe('fechado');
  const closed = db.prepare(`SELECT status, float_cents, difference_cents, closing_json FROM shifts`).get() as { closing_json: string };
  expect({ ...closed, closing_json: JSON.parse(closed.closing_json) }).toEqual({
    status: 'fechado',
    float_cents: 100_000,
    difference_cents: 0,
    closing_json: [
      { formCode: 1, formName: 'Dinheiro', expectedCents: 125_000, countedCents: 125_000, differenceCents: 0 },
      { formCode: 3, formName: 'Cartão de Crédito', expectedCents: 849, countedCents: 849, differenceCents: 0 },
    ],
  });

  // The printed slips: the sale receipt, the suprimento and sangria slips and the closing report.
  await app.core.services.printing.drain();
  await expect.poll(() => printer.decoded().some((d) => d.text.includes('FECHAMENTO DE CAIXA'))).toBe(true);
  const slips = printer.decoded().map((d) => d.lines.map((l) => l.text));
  const receipt = slips.find((l) => l.some((t) => t.includes('COMPROVANTE DE VENDA')))!;
  expect(receipt.find((t) => t.startsWith('TOTAL'))).toMatch(/R\$ 27,90$/);
  expect(receipt.find((t) => t.startsWith('Troco'))).toMatch(/R\$ 22,10$/);
  const sup = slips.find((l) => l.some((t) => t.includes('SUPRIMENTO DE CAIXA')))!;
  expect(sup.find((t) => t.startsWith('Valor'))).toMatch(/R\$ 2\.500,00$/);
  const san = slips.find((l) => l.some((t) => t.includes('SANGRIA DE CAIXA')))!;
  expect(san.find((t) => t.startsWith('Valor'))).toMatch(/R\$ 2\.277,90$/);
  const report = slips.find((l) => l.some((t) => t.includes('FECHAMENTO DE CAIXA')))!;
  const line = (start: string) => report.find((t) => t.trim().startsWith(start));
  expect(line('Fundo de troco')).toMatch(/R\$ 1\.000,00$/);
  expect(line('Vendas em dinheiro')).toMatch(/R\$ 50,00$/);
  expect(line('Troco dado')).toMatch(/-R\$ 22,10$/);
  expect(line('Suprimentos')).toMatch(/R\$ 2\.500,00$/);
  expect(line('Sangrias')).toMatch(/-R\$ 2\.277,90$/);
  expect(report.some((t) => /R\$ 1\.250,00 \/ R\$ 1\.250,00/.test(t))).toBe(true);
  expect(line('DIFERENÇA TOTAL')).toMatch(/R\$ 0,00$/);
  expect(report.join('\n')).not.toContain('Sem Pagamento');
});
