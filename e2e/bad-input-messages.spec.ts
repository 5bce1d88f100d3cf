import { fixtureProducts } from './catalog';
import { expect, openScreen, scanInput, test } from './fixtures';

/**
 * Bad input everywhere: a clear pt-BR message, what was typed stays in the
 * field, and nothing reaches the database.
 */

const [arroz] = fixtureProducts;

test('venda: quantidade 0 e 100000, desconto maior que o item, 200%, valor com letras e código de barras em "Valor recebido"', async ({ page, app }) => {
  const db = app.core.db;
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(arroz.ean + '\n');
  await expect(page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)')).toHaveCount(1);

  await page.keyboard.press('F3');
  const qtyDialog = page.getByRole('dialog', { name: 'Alterar quantidade' });
  for (const q of ['0', '100000']) {
    await qtyDialog.getByLabel('Quantidade').fill(q);
    await page.keyboard.press('Enter');
    await expect(qtyDialog.getByRole('alert')).toHaveText('Quantidade inválida: use um número inteiro de 1 a 99.999.');
    await expect(qtyDialog.getByLabel('Quantidade')).toHaveValue(q);
    await expect(qtyDialog.getByLabel('Quantidade')).toBeFocused();
  }
  await page.keyboard.press('Escape');
  expect(db.prepare('SELECT quantity, discount_cents FROM sale_lines').all()).toEqual([{ quantity: 1, discount_cents: 0 }]);

  await page.keyboard.press('F4');
  const discount = page.getByRole('dialog', { name: 'Desconto no item' });
  await page.keyboard.type('30,00\n');
  await expect(discount.getByRole('alert')).toHaveText('Desconto de R$ 30,00 maior que o item (R$ 27,90).');
  await expect(discount.getByLabel('Desconto')).toHaveValue('30,00');
  await discount.getByLabel('Desconto').fill('200%');
  await page.keyboard.press('Enter');
  await expect(discount.getByRole('alert')).toHaveText('Desconto de 200% não é possível: o máximo é 100%.');
  await discount.getByLabel('Desconto').fill('dez');
  await page.keyboard.press('Enter');
  await expect(discount.getByRole('alert')).toHaveText('Desconto inválido. Digite um valor (ex.: 5,00) ou um percentual (ex.: 10%).');
  await page.keyboard.press('Escape');
  expect(db.prepare('SELECT discount_cents FROM sale_lines').all()).toEqual([{ discount_cents: 0 }]);

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await page.keyboard.press('Enter');
  const received = pay.getByLabel('Valor recebido');
  await expect(received).toBeFocused();
  await received.fill('12abc');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('alert')).toHaveText('Valor inválido: "12abc". Use vírgula para os centavos e ponto para o milhar (ex.: 1.234,56).');
  await expect(received).toHaveValue('12abc');
  // A barcode read into the cash field must not become R$ 7 trillion of change; R$ 8.000 for R$ 27,90 asks for a second Enter.
  await received.fill('');
  await page.keyboard.type(arroz.ean + '\n');
  await expect(pay.getByRole('alert')).toHaveText('Valor alto demais: o máximo é R$ 100.000.000,00. Confira o valor digitado.');
  await expect(received).toHaveValue(arroz.ean);
  await received.fill('8000');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('alert')).toContainText('Confira o valor entregue pelo cliente; se estiver certo, tecle Enter de novo.');
  await expect(received).toHaveValue('8000');
  expect(db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeDisabled();
  // A plausible note still works at once; an unusual but real one (R$ 2.000 for R$ 27,90) after a second Enter.
  await received.fill('2000');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('alert')).toContainText('daria troco de R$ 1.972,10');
  expect(db.prepare('SELECT count(*) AS n FROM payments').get()).toEqual({ n: 0 });
  await received.fill('50');
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Troco', { exact: true })).toHaveText('R$ 22,10');
  await pay.getByRole('button', { name: 'Remover pagamento Dinheiro R$ 27,90' }).click();
  await expect(pay.getByRole('button', { name: /^Remover pagamento/ })).toHaveCount(0);
  await pay.getByRole('button', { name: 'Dinheiro', exact: true }).click();
  await received.fill('2000');
  await page.keyboard.press('Enter');
  await expect(pay.getByRole('alert')).toContainText('tecle Enter de novo');
  await page.keyboard.press('Enter');
  await expect(pay.getByLabel('Troco', { exact: true })).toHaveText('R$ 1.972,10');
  expect(db.prepare('SELECT amount_cents, received_cents, change_cents FROM payments').all()).toEqual([
    { amount_cents: 2790, received_cents: 200000, change_cents: 197210 },
  ]);
});

test('Importar catálogo: imagem ou planilha no lugar do CSV → mensagem clara, nada importado', async ({ page, app }) => {
  await openScreen(page, 'Importar catálogo');
  const before = app.core.db.prepare('SELECT count(*) AS n FROM products').get();
  const file = page.getByLabel('Arquivo CSV do catálogo');

  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Escolha o arquivo CSV do catálogo.');
  await expect(file).toBeFocused();

  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  await file.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    '"foto.png" não é um arquivo CSV. Escolha o arquivo .csv do catálogo (texto com colunas separadas por ; ou ,).',
  );

  await file.setInputFiles({ name: 'produtos.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('PK\u0003\u0004rest') });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('"produtos.xlsx" é uma planilha, não um CSV.');
  await expect(page.getByRole('region', { name: 'Relatório da importação' })).toHaveCount(0);
  expect(app.core.db.prepare('SELECT count(*) AS n FROM products').get()).toEqual(before);
});

test('Impressora: CNPJ inválido e nome longo demais → mensagem que nomeia o campo, nada salvo', async ({ page, app }) => {
  const saved = await app.call<Record<string, unknown>>('printing.getSettings');
  await openScreen(page, 'Impressora');

  await page.getByLabel('CNPJ no cupom').fill('11.111.111/1111-11');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'CNPJ no cupom inválido: "11.111.111/1111-11". Digite os 14 dígitos (ex.: 54.517.628/0015-93) ou deixe em branco.',
  );
  await expect(page.getByLabel('CNPJ no cupom')).toBeFocused();
  await expect(page.getByLabel('CNPJ no cupom')).toHaveValue('11.111.111/1111-11');

  await page.getByLabel('CNPJ no cupom').fill('54.517.628/0015-93');
  await page.getByLabel('Nome da loja no cupom').fill('Padaria '.repeat(8).trim() + ' Ltda');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Nome da loja no cupom com 68 caracteres: o máximo é 60.');
  await expect(page.getByLabel('Nome da loja no cupom')).toBeFocused();
  expect(await app.call('printing.getSettings')).toEqual(saved);

  await page.getByLabel('Nome da loja no cupom').fill('Padaria Pão Quente');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Configurações da impressora salvas.' })).toBeVisible();
  expect(await app.call('printing.getSettings')).toMatchObject({ storeName: 'Padaria Pão Quente', storeCnpj: '54.517.628/0015-93' });
});
