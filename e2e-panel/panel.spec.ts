import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { formatBRL } from '../shared/money';
import { makeCancellation, makeSale } from '../server/src/testing/records';
import { axe, EMAILS, expect, PASSWORD, test, type PanelApp } from './fixtures';

/** The browser's "today": 10/06/2026 in Brasília (the page's clock is fixed; the sales are that day). */
const NOW = new Date('2026-06-10T15:00:00-03:00');
const at = (h: number, m: number) => new Date(Date.UTC(2026, 5, 10, h + 3, m));

async function seedSales(panel: PanelApp, page: Page) {
  await page.clock.setFixedTime(NOW);
  const [t1, t2] = panel.tills;
  const s1 = Array.from({ length: 12 }, (_, i) => makeSale(t1.tillId, i + 1, { at: at(9, i * 3), pix: true }));
  const s2 = Array.from({ length: 8 }, (_, i) => makeSale(t2.tillId, i + 1, { at: at(11, i * 5) }));
  s2[0].customerCpf = '52998224725';
  s2[0].operatorName = 'Bia';
  await t1.client.ingest({ records: s1 });
  await t2.client.ingest({ records: [...s2, makeCancellation(t2.tillId, s2[1].id)] });
  const finished = [...s1, ...s2.filter((_, i) => i !== 1)];
  return { s1, s2, finished, total: finished.reduce((s, x) => s + x.totals.netCents, 0) };
}

async function noHorizontalScroll(page: Page) {
  const { scroll, client } = await page.locator('html').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}


test('Entrar: wrong password, lock after 5, then the right one after the wait; Sair', async ({ page, panel }) => {
  await page.goto(`${panel.url}/painel/`);
  await axe(page);
  const email = page.getByLabel('E-mail');
  const senha = page.getByLabel('Senha');
  await email.fill(EMAILS.operador);
  for (let i = 1; i <= 5; i++) {
    await senha.fill('senha-errada-1');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert')).toContainText(i < 5 ? 'E-mail ou senha incorretos' : 'Aguarde 30 s');
    if (i < 5) await expect(page.getByRole('alert')).not.toContainText('Aguarde');
  }
  await senha.fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toContainText(/Muitas tentativas erradas: aguarde \d+ s/);
  // The wait ends (moved into the past in the database) → the right password works.
  await panel.server.db.query("UPDATE panel_login_failures SET locked_until = now() - interval '1 second'");
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { name: 'Painel' })).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('button', { name: 'Entrar' })).toBeVisible();
});

test('Painel: the figures equal the sums of the sales the two caixas sent; fits 1366×768 and 1024 px; axe', async ({ page, panel }) => {
  const { finished, total, s2 } = await seedSales(panel, page);
  await panel.login(page, 'operador');
  await expect(page.getByRole('region', { name: 'Total vendido' })).toContainText(formatBRL(total));
  await expect(page.getByRole('region', { name: 'Vendas', exact: true })).toContainText(String(finished.length));
  await expect(page.getByRole('region', { name: 'Ticket médio' })).toContainText(formatBRL(Math.round(total / finished.length)));
  await expect(page.getByRole('region', { name: 'Cancelamentos' })).toContainText(formatBRL(s2[1].totals.netCents));
  const pix = finished.flatMap((s) => s.payments).filter((p) => p.formCode === 17);
  await expect(page.getByRole('region', { name: 'PIX por status' })).toContainText(`APROVADO${pix.length}${formatBRL(pix.reduce((s, p) => s + p.amountCents, 0))}`);
  await expect(page.getByRole('img', { name: /Vendas por hora: 9h 12 vendas/ })).toBeVisible();
  // Both caixas have just synced: no alert.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await noHorizontalScroll(page);
  await axe(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await noHorizontalScroll(page);
  // Filtering by the second caixa: only its sales.
  await page.getByRole('combobox', { name: 'Loja', exact: true }).selectOption({ label: 'Loja Centro' });
  await page.getByRole('combobox', { name: 'Caixa', exact: true }).selectOption({ label: 'Caixa 2' });
  await page.getByRole('button', { name: 'Atualizar' }).click();
  const t2 = s2.filter((_, i) => i !== 1).reduce((s, x) => s + x.totals.netCents, 0);
  await expect(page.getByRole('region', { name: 'Total vendido' })).toContainText(formatBRL(t2));
});

test('Transações: filters, detail, Exportar CSV (sums add up) and XLSX', async ({ page, panel }) => {
  const { s1, s2, total } = await seedSales(panel, page);
  await panel.login(page, 'operador');
  await page.getByRole('navigation').getByRole('button', { name: 'Transações' }).click();
  const table = page.getByRole('table', { name: 'Vendas' });
  await expect(page.getByText('20 venda(s)')).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Cancelada' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('1 venda(s)')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Status').selectOption({ label: 'Todos' });
  await page.getByLabel('CPF').fill('529.982.247-25');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('1 venda(s)')).toBeVisible();
  await expect(table).toContainText('***.982.247-**');
  await page.getByLabel('CPF').fill('');
  await page.getByLabel('Operador').fill('Bia');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('1 venda(s)')).toBeVisible();
  await page.getByLabel('Operador').fill('');
  await page.getByLabel('Forma de pagamento').selectOption({ label: 'PIX' });
  const valor = page.getByRole('group', { name: 'Valor' });
  const one = s1[0].totals.netCents;
  await valor.getByLabel('Mínimo').fill((one / 100).toFixed(2).replace('.', ','));
  await valor.getByLabel('Máximo').fill((one / 100).toFixed(2).replace('.', ','));
  await page.getByRole('button', { name: 'Filtrar' }).click();
  const expected = s1.filter((s) => s.payments.some((p) => p.formCode === 17) && s.totals.netCents === one).length;
  await expect(page.getByText(`${expected} venda(s)`)).toBeVisible();
  await table.getByRole('button', { name: /Detalhes/ }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('table', { name: 'Pagamentos' })).toContainText('PIX');
  await expect(dialog.getByRole('table', { name: 'Itens' }).getByRole('row')).toHaveCount(4);
  await dialog.getByRole('button', { name: 'Fechar' }).click();
  // A card tender: Bandeira, Parcelas, NSU and Autorização as the cashier typed them from the slip.
  await page.getByLabel('Forma de pagamento').selectOption({ label: 'Cartão de Crédito' });
  await valor.getByLabel('Mínimo').fill('');
  await valor.getByLabel('Máximo').fill('');
  await page.getByLabel('CPF').fill('529.982.247-25');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  // The previous filter also showed "1 venda(s)": wait for this filter's row (the masked CPF) before opening it.
  const cardRow = table.getByRole('row').filter({ hasText: '***.982.247-**' });
  await cardRow.getByRole('button', { name: /Detalhes/ }).click();
  const card = s2[0].payments[1].card!;
  await expect(dialog.getByRole('table', { name: 'Pagamentos' })).toContainText(`${card.brand} · 3x · NSU ${card.nsu} · Aut. ${card.authorization}`);
  await dialog.getByRole('button', { name: 'Fechar' }).click();
  await page.getByLabel('CPF').fill('');
  await axe(page);

  // Everything again, then the CSV.
  await valor.getByLabel('Mínimo').fill('');
  await valor.getByLabel('Máximo').fill('');
  await page.getByLabel('Forma de pagamento').selectOption({ label: 'Todas' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await expect(page.getByText('20 venda(s)')).toBeVisible();
  await page.getByRole('button', { name: 'Exportar' }).click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  // The page read the stream and said how far it got.
  await expect(page.getByRole('status').filter({ hasText: 'Exportação concluída' })).toContainText('20 linha(s)');
  const text = fs.readFileSync(await csv.path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(21);
  const sum = lines.slice(1).reduce((s, l) => {
    const c = l.split(';');
    return c[4] === 'Finalizada' ? s + Math.round(Number(c[12].replace(',', '.')) * 100) : s;
  }, 0);
  expect(sum).toBe(total);
  await page.getByRole('button', { name: 'Exportar' }).click();
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'XLSX' }).click()]);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const ws = wb.getWorksheet('Transações')!;
  expect(ws.rowCount).toBe(21);
  let xsum = 0;
  ws.eachRow((row, n) => {
    if (n > 1 && row.getCell(5).value === 'Finalizada') xsum += Math.round(Number(row.getCell(13).value) * 100);
  });
  expect(xsum).toBe(total);
  expect(s2.length).toBe(8);
});

test('roles: Visualizador reads only; Gerente de loja sees its store and pairs a new caixa; Administrador creates a store', async ({ page, panel }) => {
  await panel.login(page, 'visualizador');
  const nav = page.getByRole('navigation');
  for (const name of ['Painel', 'Transações', 'Pagamentos PIX', 'Lojas']) await expect(nav.getByRole('button', { name, exact: true })).toBeVisible();
  for (const name of ['Usuários', 'Integrações', 'Auditoria']) await expect(nav.getByRole('button', { name })).toHaveCount(0);
  await nav.getByRole('button', { name: 'Transações' }).click();
  await expect(page.getByRole('button', { name: 'Filtrar' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Exportar' })).toHaveCount(0);
  await nav.getByRole('button', { name: 'Lojas' }).click();
  await expect(page.getByRole('heading', { name: 'Loja Norte' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nova loja' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Novo caixa' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sair' }).click();

  await panel.login(page, 'gerente');
  await nav.getByRole('button', { name: 'Lojas' }).click();
  await expect(page.getByRole('heading', { name: 'Loja Centro' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Loja Norte' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Nova loja' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Novo caixa' }).click();
  await page.getByLabel('Nome do caixa').fill('Caixa 3');
  await page.getByRole('button', { name: 'Criar caixa' }).click();
  const secret = await page.getByLabel('Segredo').inputValue();
  const tillId = await page.getByLabel('Identificador do caixa').inputValue();
  await page.getByRole('button', { name: 'Fechar' }).click();
  // Pairing: the shown credential signs a till's request.
  const { createRetaguardaClient } = await import('../shared/retaguarda/client');
  const client = createRetaguardaClient({ url: panel.url, tillId, secret });
  await client.ingest({ records: [makeSale(tillId, 1, { at: at(12, 0) })] });
  await nav.getByRole('button', { name: 'Painel' }).click();
  await nav.getByRole('button', { name: 'Lojas' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Caixa 3' });
  await expect(row).toContainText(/\d{2}\/\d{2}\/\d{4}/); // its last sync
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: 'Revogar' }).click();
  await expect(row).toContainText('Revogado em');
  await expect(client.whoami()).rejects.toThrow(/revogada/);
  await page.getByRole('button', { name: 'Sair' }).click();

  await panel.login(page, 'admin');
  await nav.getByRole('button', { name: 'Lojas' }).click();
  await page.getByRole('button', { name: 'Nova loja' }).click();
  await page.getByLabel('Nome').fill('Loja Sul');
  await page.getByLabel('CNPJ').fill('11.222.333/0001-80');
  await page.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page.getByRole('alert')).toContainText('CNPJ inválido');
  await page.getByLabel('CNPJ').fill('11.444.777/0001-61');
  await page.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page.getByRole('heading', { name: 'Loja Sul' })).toBeVisible();
  await axe(page);
  await nav.getByRole('button', { name: 'Auditoria' }).click();
  await expect(page.getByRole('table', { name: 'Registros de auditoria' })).toContainText('loja.criada');
  await expect(page.getByRole('table', { name: 'Registros de auditoria' })).toContainText('caixa.criado');
});

test('Integrações: a key for one store and one scope — shown once, works there only; Rotacionar and Revogar', async ({ page, panel }) => {
  // A chain of 20 stores: the "Nova chave" dialog still fits 1024×768.
  const { createStore } = await import('../server/src/admin/service');
  const { isValidCnpj } = await import('../shared/cpf');
  for (let n = 0, made = 0; made < 18; n++) {
    const cnpj = `${String(60_000_000 + n).padStart(8, '0')}0001`;
    const full = [...Array(100).keys()].map((d) => cnpj + String(d).padStart(2, '0')).find(isValidCnpj)!;
    await createStore(panel.server.db, { name: `Filial ${++made}`, cnpj: full });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
  await panel.login(page, 'admin');
  await page.getByRole('navigation').getByRole('button', { name: 'Integrações' }).click();
  await page.getByRole('button', { name: 'Nova chave' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova chave' });
  await expect(dialog.getByRole('checkbox', { name: 'Filial 18' })).toBeVisible();
  const fits = await dialog.evaluate((d) => {
    const body = d.querySelector('.modal-body')!;
    const r = d.getBoundingClientRect();
    const view = d.ownerDocument.defaultView!;
    return body.scrollHeight <= body.clientHeight && r.bottom <= view.innerHeight && r.right <= view.innerWidth;
  });
  expect(fits).toBe(true);
  await dialog.getByLabel('Nome').fill('ERP da loja');
  await dialog.getByRole('button', { name: 'Criar chave' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Marque ao menos um escopo');
  await dialog.getByRole('checkbox', { name: /Vendas \(ler\)/ }).check();
  await dialog.getByRole('checkbox', { name: 'Loja Centro' }).check();
  await dialog.getByRole('button', { name: 'Criar chave' }).click();
  const key = (await page.getByLabel('Chave de API').textContent())!;
  expect(key).toMatch(/^rtgk_/);
  const active = page.getByRole('row').filter({ hasText: 'ERP da loja' }).filter({ hasText: 'Ativa' });
  await expect(active).toContainText('Vendas (ler)');
  await expect(active).toContainText('Loja Centro');
  await expect(active).toContainText('Nunca');

  // What the key opens: its store's sales; not the other store, not a scope it lacks.
  const call = (k: string, path: string) => fetch(`${panel.url}${path}`, { headers: { authorization: `Bearer ${k}` } });
  expect((await call(key, '/v1/sales')).status).toBe(200);
  expect((await call(key, `/v1/sales?store=${panel.storeId}`)).status).toBe(200);
  expect((await call(key, `/v1/sales?store=${panel.otherStoreId}`)).status).toBe(403);
  expect((await call(key, '/v1/shifts')).status).toBe(403);

  // Rotacionar: a new key shown once, the old one refused; the old row shows it was used.
  await active.getByRole('button', { name: 'Rotacionar' }).click();
  await expect(page.getByLabel('Chave de API')).not.toHaveText(key);
  const rotated = (await page.getByLabel('Chave de API').textContent())!;
  expect((await call(key, '/v1/sales')).status).toBe(401);
  expect((await call(rotated, '/v1/sales')).status).toBe(200);
  const old = page.getByRole('row').filter({ hasText: 'ERP da loja' }).filter({ hasText: 'Revogada em' });
  await expect(old).toContainText(/\d{2}\/\d{2}\/\d{4}/);
  await expect(old).not.toContainText('Nunca');

  // Revogar asks first; Cancel keeps the key.
  page.once('dialog', (d) => void d.dismiss());
  await active.getByRole('button', { name: 'Revogar' }).click();
  expect((await call(rotated, '/v1/sales')).status).toBe(200);
  page.once('dialog', (d) => void d.accept());
  await active.getByRole('button', { name: 'Revogar' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'ERP da loja' }).filter({ hasText: 'Ativa' })).toHaveCount(0);
  expect((await call(rotated, '/v1/sales')).status).toBe(401);
  await axe(page);
  await page.getByRole('navigation').getByRole('button', { name: 'Auditoria' }).click();
  await expect(page.getByRole('table', { name: 'Registros de auditoria' })).toContainText('chave.criada');
});

test('Autenticação em dois fatores: turned on in Segurança, then asked at Entrar', async ({ page, panel }) => {
  await panel.login(page, 'admin');
  await page.getByRole('navigation').getByRole('button', { name: 'Segurança' }).click();
  await page.getByRole('button', { name: 'Configurar autenticação em dois fatores' }).click();
  const secret = (await page.locator('code').textContent())!.trim();
  await page.getByLabel('Código').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Ativar' }).click();
  await expect(page.getByText('Ativa para')).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.getByLabel('E-mail').fill(EMAILS.admin);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('heading', { name: 'Autenticação em dois fatores' })).toBeVisible();
  // The session still owes the code: the data routes refuse it.
  expect((await page.request.get(`${panel.url}/v1/panel/dashboard`)).status()).toBe(401);
  await page.getByLabel('Código').fill('000000');
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect(page.getByRole('alert')).toContainText('Código de autenticação inválido');
  await page.getByLabel('Código').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirmar' }).click();
  await expect(page.getByRole('heading', { name: 'Painel' })).toBeVisible();
});

test('every screen of the Administrador: fits 1024×768 without horizontal scroll and axe finds nothing serious', async ({ page, panel }) => {
  await seedSales(panel, page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await panel.login(page, 'admin');
  // "Sair" is readable on the dark bar (it was white on white: buttons inherit the bar's text color).
  const [fg, bg] = await page.getByRole('button', { name: 'Sair' }).evaluate((b) => {
    const style = b.ownerDocument.defaultView!.getComputedStyle(b);
    return [style.color, style.backgroundColor];
  });
  expect(fg).toBe('rgb(255, 255, 255)');
  expect(bg).not.toBe('rgb(255, 255, 255)');
  const nav = page.getByRole('navigation');
  for (const name of ['Painel', 'Transações', 'Pagamentos PIX', 'Lojas', 'Produtos', 'Usuários', 'Integrações', 'Auditoria', 'Segurança']) {
    await nav.getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await noHorizontalScroll(page);
    await axe(page);
  }
});
