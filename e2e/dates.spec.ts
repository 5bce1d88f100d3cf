import { addDays, formatDate } from '../shared/date-input';
import { TEST_CATALOG_CSV } from '../test-support/fixtures';
import { sellCash } from '../test-support/sell';
import { expect, openScreen, test } from './fixtures';
import { expectFits } from './fit';

/** Issue 21: dates are dd/mm/aaaa in every date filter, whatever the browser's language (never mm/dd/yyyy). */
/**
 * Today as the screen sees it: in the browser's time zone (playwright.config.ts, America/Sao_Paulo), not this
 * process's (UTC here: from 21:00 in Brasília the two days differ, and this test failed every evening).
 */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

test.use({ locale: 'en-US' });

test('1024×768: Minhas vendas e Relatório do dia mostram e aceitam dd/mm/aaaa; data inexistente é recusada em pt-BR', async ({ page, app }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await app.importCatalog(TEST_CATALOG_CSV);
  sellCash(app.core);
  const iso = today();

  await openScreen(page, 'Minhas vendas');
  const from = page.getByLabel('De', { exact: true });
  const to = page.getByLabel('Até', { exact: true });
  await expect(from).toHaveValue(formatDate(iso));
  await expect(from).toHaveAttribute('placeholder', 'dd/mm/aaaa');
  const rows = page.getByRole('table', { name: 'Vendas' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);

  // Typed digits get their slashes; tomorrow → no sale; ↓ goes back a day → the sale again.
  const tomorrow = addDays(iso, 1);
  await to.fill('');
  await to.pressSequentially(tomorrow.slice(8, 10) + tomorrow.slice(5, 7) + tomorrow.slice(0, 4));
  await expect(to).toHaveValue(formatDate(tomorrow));
  await from.fill('');
  await from.pressSequentially(formatDate(tomorrow));
  await expect(page.getByRole('status', { name: 'Resumo do filtro' })).toHaveText('0 venda(s) · Total R$ 0,00');
  await from.press('ArrowDown');
  await expect(from).toHaveValue(formatDate(iso));
  await expect(rows).toHaveCount(1);

  // 31/02 does not exist: the text stays, a pt-BR message says so, the filter keeps the last good date.
  await from.fill('31/02/2026');
  await from.press('Tab');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(from).toHaveAccessibleDescription('Data inexistente: "31/02/2026". Use dd/mm/aaaa (ex.: 05/03/2026).');
  await expect(rows).toHaveCount(1);
  await expectFits(page, 'Minhas vendas com data inválida');

  await openScreen(page, 'Relatório do dia');
  await expect(page.getByLabel('De', { exact: true })).toHaveValue(formatDate(iso));
  await page.getByRole('button', { name: 'Ontem' }).click();
  await expect(page.getByLabel('De', { exact: true })).toHaveValue(formatDate(addDays(iso, -1)));
  await expect(page.getByLabel('Até', { exact: true })).toHaveValue(formatDate(addDays(iso, -1)));
  await expectFits(page, 'Relatório do dia');
});

test('1024×768: Auditoria filtra por dd/mm/aaaa e recusa uma data inválida com mensagem', async ({ page }) => {
  await openScreen(page, 'Auditoria');
  const iso = today();
  const table = page.getByRole('table', { name: 'Registros de auditoria' });
  await expect(table).not.toContainText('Nenhum registro');
  await page.getByLabel('De', { exact: true }).fill(formatDate(addDays(iso, 1)));
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(table).toContainText('Nenhum registro no filtro escolhido.');
  await page.getByLabel('De', { exact: true }).fill(formatDate(iso));
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(table).not.toContainText('Nenhum registro');
  await page.getByLabel('Até', { exact: true }).fill('13/13/2026');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByRole('alert')).toContainText('Até: Data inexistente: "13/13/2026"');
  await expectFits(page, 'Auditoria');
});
