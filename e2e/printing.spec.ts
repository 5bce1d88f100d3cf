import type { Page } from '@playwright/test';
import { startVirtualPrinter, type VirtualPrinter } from '../sandboxes/printer/server';
import { printerRoute } from '../sandboxes/printer/page';
import { fixtureProducts } from './catalog';
import { expect, openScreen, scanInput, test } from './fixtures';

const [arroz, feijao] = fixtureProducts;

// The app prints to a virtual printer of this test (as BALCAO_PRINTER would point it).
let printer: VirtualPrinter;
test.use({
  appOptions: {
    startEmbedded: async (config) => {
      printer = await startVirtualPrinter({ port: 0 });
      return { config: { ...config, printer: printer.url }, routes: [printerRoute(printer)], close: () => printer.stop() };
    },
  },
});

/** Scans one product and pays it in cash with `received` (text typed in "Valor recebido"). */
async function sellCash(page: Page, ean: string, received: string) {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(ean + '\n');
  await expect(page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)')).toHaveCount(1);
  await expect(page.getByTestId('sale-total')).not.toHaveText('R$ 0,00');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Valor recebido')).toBeFocused();
  await page.keyboard.type(received + '\n');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pay).toHaveCount(0);
}

test('cupom automático com gaveta, reimpressão, impressora desligada → fila e impressão única ao religar', async ({ page, app }) => {
  // 1) Cash sale: the receipt prints by itself and the drawer opens.
  await sellCash(page, arroz.ean, '50');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toContainText('Troco: R$ 22,10');
  await expect.poll(() => printer.jobs().length).toBe(1);
  const first = printer.decoded()[0];
  expect(first.text).toContain('COMPROVANTE DE VENDA');
  expect(first.text).toContain('NÃO É DOCUMENTO FISCAL');
  expect(first.text).toContain(arroz.description);
  expect(first.lines.find((l) => l.text.startsWith('TOTAL'))?.text).toMatch(/R\$ 27,90$/);
  expect(first.lines.find((l) => l.text.startsWith('Troco'))?.text).toMatch(/R\$ 22,10$/);
  expect(first.drawerPulses).toHaveLength(1);
  expect(first.endsWithCut).toBe(true);
  expect(first.unknown).toEqual([]);
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1: impresso.' })).toBeVisible();

  // 2) Reprint from Minhas vendas → "Opções da venda"; the preview is the same receipt decoded.
  await page.keyboard.press('F11');
  await page.getByRole('button', { name: 'Abrir venda nº 1' }).click();
  const options = page.getByRole('group', { name: 'Opções da venda' });
  await options.getByRole('button', { name: 'Mais opções: Reimprimir' }).click();
  const menu = options.getByRole('menu', { name: 'Opções de impressão' });
  await expect(menu.getByRole('menuitem', { name: 'Comprovante de venda' })).toBeFocused();
  await expect(menu.getByRole('menuitem', { name: 'Comprovante fidelidade' })).toBeDisabled();
  await menu.getByRole('menuitem', { name: 'Visualizar comprovante' }).click();
  const preview = page.getByRole('dialog', { name: 'Comprovante de venda' });
  await expect(preview.getByTestId('receipt-preview')).toContainText(arroz.description);
  await expect(preview.getByTestId('receipt-preview')).toContainText('2ª VIA');
  await preview.getByRole('button', { name: 'Fechar' }).click();
  // "Impressões" follows the reprint without reopening the sale: the 2ª via appears and reaches "impresso".
  const prints = page.getByRole('region', { name: 'Impressões' }).getByRole('listitem');
  await expect(prints).toHaveCount(1);
  await expect(prints.first()).toContainText('Venda nº 1: impresso');
  await options.getByRole('button', { name: 'Reimprimir', exact: true }).click();
  await expect(prints).toHaveCount(2);
  await expect(prints.nth(1)).toContainText('Venda nº 1 (2ª via): impresso');
  await expect.poll(() => printer.jobs().length).toBe(2);
  expect(printer.decoded()[1].text).toContain('2ª VIA');
  expect(printer.decoded()[1].text).toContain(arroz.description);
  expect(printer.decoded()[1].drawerPulses).toHaveLength(0);

  // 3) Printer off (once the reprint is confirmed): the sale still finishes; the pt-BR message and the queued job show.
  await expect.poll(() => app.core.services.printing.queue().pending).toBe(0);
  await printer.stop();
  await page.keyboard.press('F1');
  await sellCash(page, feijao.ean, '10');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 2 finalizada' })).toBeVisible();
  const alert = page.getByRole('alert').filter({ hasText: 'Não foi possível imprimir' });
  await expect(alert).toContainText('recusou a conexão');
  await expect(alert).toContainText('A venda está salva');
  const queue = page.getByRole('region', { name: 'Fila de impressão' });
  await expect(queue.getByTestId('print-pending')).toHaveText('1 pendente');
  const rows = app.core.db.prepare(`SELECT status, title FROM print_jobs ORDER BY id`).all();
  expect(rows).toEqual([
    { status: 'done', title: 'Venda nº 1' },
    { status: 'done', title: 'Venda nº 1 (2ª via)' },
    { status: 'failed', title: 'Venda nº 2' },
  ]);
  expect(app.core.services.sales.get(app.core.services.sales.list('finalizada', 1)[0].id).documentNumber).toBe(2);

  // 4) Printer back: "Tentar novamente" prints it — exactly once, even with the automatic retry around.
  await printer.start();
  await queue.getByRole('button', { name: 'Tentar novamente' }).click();
  await expect(queue.getByTestId('print-pending')).toHaveText('ok');
  await expect.poll(() => printer.jobs().length).toBe(3);
  await page.waitForTimeout(2500); // longer than the first automatic retry
  expect(printer.jobs()).toHaveLength(3);
  const third = printer.decoded()[2];
  expect(third.text).toContain(feijao.description);
  expect(third.text).toContain('Venda nº 2');
  expect(third.drawerPulses).toHaveLength(1);
});

test('impressão automática desligada: "Imprimir comprovante" na tela pós-venda imprime e abre a gaveta', async ({ page, app }) => {
  const s = await app.call<Record<string, unknown>>('printing.getSettings');
  await app.call('printing.saveSettings', { ...s, autoPrint: false });
  await sellCash(page, arroz.ean, '30');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();
  await page.waitForTimeout(300);
  expect(printer.jobs()).toHaveLength(0);

  await page.getByRole('button', { name: 'Mais opções: Imprimir comprovante' }).click();
  await expect(page.getByRole('menuitem', { name: 'Comprovante de venda' })).toBeFocused();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Imprimir comprovante', exact: true }).click();
  await expect.poll(() => printer.jobs().length).toBe(1);
  const d = printer.decoded()[0];
  expect(d.text).toContain('Venda nº 1');
  expect(d.text).not.toContain('2ª VIA');
  expect(d.drawerPulses).toHaveLength(1);
  expect(d.barcodes.map((b) => b.data)).toEqual(['1-000001']);
});

test('tela "Impressora": papel 58 mm e "Imprimir teste"', async ({ page }) => {
  await openScreen(page, 'Impressora');
  await page.getByLabel('Papel', { exact: true }).selectOption('58');
  await page.getByLabel('Nome da loja no cupom').fill('Padaria Pão Quente');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Configurações da impressora salvas.' })).toBeVisible();
  await page.getByRole('button', { name: 'Imprimir teste' }).click();
  await expect.poll(() => printer.jobs().length).toBe(1);
  const d = printer.decoded()[0];
  expect(d.text).toContain('TESTE DE IMPRESSÃO');
  expect(d.text).toContain('Pão');
  for (const l of d.lines) expect(l.columns).toBeLessThanOrEqual(32);

  await page.getByLabel('Endereço da impressora').fill('impressora do balcão');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Endereço da impressora não reconhecido' })).toBeVisible();
});
