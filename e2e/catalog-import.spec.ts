import { expect, openScreen, test } from './fixtures';

test.use({ appOptions: { catalog: 'none' } });

test('tela Importar catálogo: importa as linhas boas e aponta a linha ruim', async ({ page, app }) => {
  await openScreen(page, 'Importar catálogo');
  const csv = [
    'codigo;ean;descricao;preco;unidade',
    '501;7891000100103;Biscoito Maisena 200g;3,49;PCT',
    '502;7891000100110;Suco de Uva Integral 1L;12,90;UN',
    '503;7891000100127;Vinagre de Álcool 750ml;abc;UN',
    '504;7896004000015;Pão de Forma 500g;8,99;PCT',
  ].join('\n');
  await page.getByLabel('Arquivo CSV do catálogo').setInputFiles({
    name: 'catalogo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'latin1'), // Latin-1, as Excel saves in pt-BR
  });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();

  const report = page.getByRole('region', { name: 'Relatório da importação' });
  await expect(report.getByTestId('import-errors')).toHaveText('1');
  await expect(report.getByTestId('import-inserted')).toHaveText('3');
  const errRows = report.getByRole('table', { name: 'Linhas com erro' }).locator('tbody tr');
  await expect(errRows).toHaveCount(1);
  await expect(errRows.first().locator('td').first()).toHaveText('4');
  await expect(errRows.first()).toContainText('preço inválido');
  await expect(page.getByRole('progressbar', { name: 'Progresso da importação' })).toHaveAttribute('value', '100');

  const rows = app.core.db.prepare('SELECT code, description, price_cents FROM products ORDER BY code').all();
  expect(rows).toEqual([
    { code: 501, description: 'Biscoito Maisena 200g', price_cents: 349 },
    { code: 502, description: 'Suco de Uva Integral 1L', price_cents: 1290 },
    { code: 504, description: 'Pão de Forma 500g', price_cents: 899 },
  ]);
});

test('EAN que muda de produto é um aviso à parte, não um erro (issue 7)', async ({ page, app }) => {
  await app.importCatalog('codigo;ean;descricao;preco;unidade\n601;7891000100103;Biscoito Maisena 200g;3,49;PCT\n602;;Biscoito Maria 200g;3,29;PCT\n');
  await openScreen(page, 'Importar catálogo');
  await page.getByLabel('Arquivo CSV do catálogo').setInputFiles({
    name: 'catalogo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('codigo;ean;descricao;preco;unidade\n602;7891000100103;Biscoito Maria 200g;3,29;PCT\n603;;Ruim;x;UN\n'),
  });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  const report = page.getByRole('region', { name: 'Relatório da importação' });
  await expect(report.getByTestId('import-warnings')).toHaveText('1');
  await expect(report.getByTestId('import-errors')).toHaveText('1');
  const warnRows = report.getByRole('table', { name: 'Avisos da importação' }).locator('tbody tr');
  await expect(warnRows).toHaveCount(1);
  await expect(warnRows.first()).toContainText('EAN 7891000100103 passou do produto 601 para o 602');
  const errRows = report.getByRole('table', { name: 'Linhas com erro' }).locator('tbody tr');
  await expect(errRows).toHaveCount(1);
  await expect(errRows.first()).not.toContainText('passou do produto');
  expect(app.core.db.prepare(`SELECT code FROM product_eans WHERE ean = '7891000100103'`).get()).toEqual({ code: 602 });
});
