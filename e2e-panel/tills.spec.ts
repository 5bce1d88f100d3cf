/**
 * Two real tills (the till's core over its own SQLite, paired with the server by its credential) sell; their
 * outbox delivers the sales to the store server; the Painel shows exactly their sums.
 */
import type { Sale } from '../shared/api/sales';
import { loadConfig } from '../core/app/config';
import { VERSION } from '../core/app/compose';
import { callCore, createTestCore, tempDir } from '../test-support/fixtures';
import { RETAGUARDA_KIND } from '../core/retaguarda/uploader';
import { formatBRL } from '../shared/money';
import { axe, expect, test } from './fixtures';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;

async function sell(core: TestCore, text: string, cents: number, formCode = 1): Promise<Sale> {
  await callCore(core, 'sales.scan', { text });
  await callCore(core, 'sales.addPayment', { formCode, amountCents: cents });
  return (await callCore<{ sale: Sale }>(core, 'sales.finalize')).sale;
}

async function delivered(core: TestCore): Promise<void> {
  core.services.retaguarda.scan();
  const ids = (core.db.prepare('SELECT op_id FROM outbox WHERE kind = ?').all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
  const rows = await core.services.outbox.worker.waitFor(ids, 60_000);
  expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'done'));
}

test('the Painel shows the sums of the sales two real tills made and delivered', async ({ page, panel }) => {
  const cores: TestCore[] = [];
  try {
    for (const t of panel.tills) {
      const dataDir = tempDir();
      const env = { BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: panel.url, BALCAO_RETAGUARDA_CAIXA: t.tillId, BALCAO_RETAGUARDA_SEGREDO: t.secret };
      cores.push(await createTestCore({ dataDir, config: loadConfig(env), retaguardaIntervalMs: 3_600_000 }));
    }
    const sales = [
      await sell(cores[0], '1', 2990),
      await sell(cores[0], '2*2', 1698, 3),
      await sell(cores[1], '5', 1099),
      await sell(cores[1], '3', 799),
      await sell(cores[1], '6', 1890, 4),
    ];
    await Promise.all(cores.map(delivered));
    const total = sales.reduce((s, x) => s + x.totals.netCents, 0);
    expect(total).toBe(2990 + 1698 + 1099 + 799 + 1890);

    await panel.login(page, 'admin');
    // Yesterday..today: the sales are "now" whatever the hour.
    const d = new Date(Date.now() - 86_400_000);
    // dd/mm/aaaa whatever the browser's language (the till's one date field).
    await page.getByRole('textbox', { name: 'De', exact: true }).fill(`${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`);
    await page.getByRole('button', { name: 'Atualizar' }).click();
    await expect(page.getByRole('region', { name: 'Total vendido' })).toContainText(formatBRL(total));
    await expect(page.getByRole('region', { name: 'Vendas', exact: true })).toContainText('5');
    const forms = page.getByRole('region', { name: 'Por forma de pagamento' });
    await expect(forms.getByRole('row', { name: /Dinheiro/ })).toContainText(formatBRL(2990 + 1099 + 799));
    await expect(forms.getByRole('row', { name: /Cartão de Crédito/ })).toContainText(formatBRL(1698));
    await expect(forms.getByRole('row', { name: /Cartão de Débito/ })).toContainText(formatBRL(1890));
    await expect(page.getByRole('region', { name: 'Por loja' }).getByRole('row', { name: /Loja Centro/ })).toContainText(formatBRL(total));

    // Transações → Detalhes: the receipt as the till printed it (the till's own preview of the same bytes).
    await page.getByRole('navigation').getByRole('button', { name: 'Transações' }).click();
    await page.getByRole('textbox', { name: 'De', exact: true }).fill(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(page.getByText('5 venda(s)')).toBeVisible();
    await page.getByRole('table', { name: 'Vendas' }).getByRole('row', { name: new RegExp(formatBRL(1698).replace(/[$]/g, '\\$')) }).getByRole('button', { name: /Detalhes/ }).click();
    const receipt = page.getByRole('dialog').getByRole('figure', { name: 'Comprovante como impresso' });
    await expect(receipt).toContainText('COMPROVANTE DE VENDA');
    await expect(receipt).toContainText('Cartão de Crédito');
    await expect(receipt).toContainText(formatBRL(1698));
    await axe(page);
    // At a tablet's 1024×768 the receipt stays beside the sale, inside the dialog (no sideways scroll).
    await page.setViewportSize({ width: 1024, height: 768 });
    const body = page.getByRole('dialog').locator('.modal-body');
    const { scroll, client } = await body.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await expect(receipt).toBeInViewport();
    await page.getByRole('dialog').getByRole('button', { name: 'Fechar' }).click();
    await page.setViewportSize({ width: 1366, height: 768 });

    // Produtos: import with a refused row; which caixas have the current catalog.
    await page.getByRole('navigation').getByRole('button', { name: 'Produtos' }).click();
    const tillsRegion = page.getByRole('region', { name: 'Caixas com o catálogo atual' });
    await expect(tillsRegion).toContainText('Caixa 1: atualizado');
    const csv = 'codigo;ean;descricao;preco;unidade\n101;7891000100103;Café Torrado 500g;18,90;UN\n102;;Açúcar Cristal 1kg;abc;UN\n103;;Feijão Carioca 1kg;8,49;UN\n';
    await page.getByLabel('Importar catálogo (CSV)').setInputFiles({ name: 'catalogo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect(page.getByRole('status').filter({ hasText: 'Importados' })).toContainText('Importados 2 produto(s)');
    await expect(page.getByRole('table', { name: 'Linhas com erro' }).getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('table', { name: 'Linhas com erro' })).toContainText('3');
    await expect(tillsRegion).toContainText('Caixa 1: faltam 2');
    // Caixa 1 pulls (the server learns it at the caixa's next request from its new cursor).
    await cores[0].services.retaguardaPull.pull();
    await cores[0].services.retaguardaPull.pull();
    await page.getByRole('navigation').getByRole('button', { name: 'Painel' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Produtos' }).click();
    await expect(tillsRegion).toContainText('Caixa 1: atualizado');
    await expect(tillsRegion).toContainText('Caixa 2: faltam 2');
    await axe(page);

    // Lojas: each caixa's version and what it still has to send, as it reported with its last pull.
    await page.getByRole('navigation').getByRole('button', { name: 'Lojas' }).click();
    const caixas = page.getByRole('table', { name: 'Caixas — Loja Centro' });
    const row = (name: string) => caixas.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    // The headers are read once the table is there (allTextContents does not wait: on a busy machine it read none).
    await expect(caixas.getByRole('columnheader', { name: 'Versão' })).toBeVisible();
    const column = async (name: string) => (await caixas.getByRole('columnheader').allTextContents()).indexOf(name);
    const [sending, version] = [await column('A enviar'), await column('Versão')];
    await expect(row('Caixa 1').getByRole('cell').nth(sending)).toHaveText('0');
    await expect(row('Caixa 1').getByRole('cell').nth(version)).toHaveText(VERSION);
  } finally {
    for (const c of cores) c.close();
  }
});
