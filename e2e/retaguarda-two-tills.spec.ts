/**
 * Issue 23, "done when": the store server + two tills, each its own browser-host process (dist-host, as
 * `npm run serve`), paired by the BALCAO_RETAGUARDA_* environment. Prices sent by the ERP with
 * `PUT /v1/products` are sold at both counters; the sales of both tills (one of them cut off from the server
 * for a while) reach `GET /v1/sales` once each with their totals; a cancellation at a till turns the server's
 * sale into "cancelada". Every wait is on an outcome: the till's own database (read-only), its screen, the API.
 */
import type { Browser, Page } from '@playwright/test';
import * as admin from '../server/src/admin/service';
import type { RunningServer } from '../server/src/app';
import { startCable, type Cable } from '../server/src/testing/cable';
import { engineKit, type EngineKit } from '../server/src/testing/harness';
import { formatBRL } from '../shared/money';
import { expect, scanInput, test } from './fixtures';
import { startTillHost, type TillHost } from './till-host';

const ARROZ = { code: 1, ean: '7891234567895', name: 'Arroz Tipo 1 5kg' };
const FEIJAO = { code: 2, ean: '7896006716112', name: 'Feijão Carioca 1kg' };
const GERENTE = { name: 'Ana Gerente', pin: '258025' };

interface ServerSale {
  id: string;
  tillId: string;
  number: number;
  status: string;
  totalCents: number;
  payments: { formCode: number; amountCents: number }[];
  lines: { ean: string; description: string; quantity: number; totalCents: number }[];
}

let kit: EngineKit;
let server: RunningServer;
let erpKey: string;
const tills: { tillId: string; secret: string }[] = [];

test.beforeAll(async () => {
  kit = await engineKit('pglite');
  server = await kit.start(await kit.freshConfig());
  const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' });
  for (const name of ['Caixa 1', 'Caixa 2']) tills.push(await admin.createTill(server.db, { storeId, name }));
  await admin.createUser(server.db, { storeId, name: GERENTE.name, role: 'gerente', pin: GERENTE.pin });
  erpKey = (await admin.createApiKey(server.db, { name: 'erp', scopes: ['sales:read', 'products:write'], storeIds: [storeId] })).key;
});
test.afterAll(async () => {
  await server?.close();
  kit?.dispose();
});

async function putProducts(rows: { code: number; ean: string; name: string; price: string }[]): Promise<void> {
  const csv = 'codigo;ean;descricao;preco;unidade\n' + rows.map((r) => `${r.code};${r.ean};${r.name};${r.price};UN`).join('\n') + '\n';
  const res = await fetch(`${server.url}/v1/products`, { method: 'PUT', headers: { authorization: `Bearer ${erpKey}`, 'content-type': 'text/csv' }, body: csv });
  expect(await res.json()).toEqual({ imported: rows.length, errors: [] });
}

async function serverSales(): Promise<ServerSale[]> {
  const res = await fetch(`${server.url}/v1/sales?limit=500`, { headers: { authorization: `Bearer ${erpKey}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sales: ServerSale[] }).sales;
}

const priceOf = (till: TillHost, code: number) => till.read<{ p: number }>('SELECT price_cents AS p FROM products WHERE code = ?', code)[0]?.p ?? null;

/** Opens the till in its own browser context, logs in as the server's Gerente and opens the shift, all on screen. */
async function openTill(browser: Browser, till: TillHost): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  await page.goto(till.loginUrl);
  await page.getByLabel('Usuário', { exact: true }).selectOption({ label: `${GERENTE.name} (Gerente)` });
  await page.getByLabel('PIN', { exact: true }).fill(GERENTE.pin);
  await page.getByLabel('PIN', { exact: true }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Abertura de caixa' })).toBeVisible();
  await page.getByLabel('Fundo de troco').fill('0,00');
  await page.getByRole('button', { name: 'Abrir caixa' }).click();
  await expect(scanInput(page)).toBeVisible();
  return page;
}

/** Scans the items and pays the whole sale with one form; returns the total the screen showed. */
async function sell(page: Page, items: string[], form: 'Dinheiro' | 'Cartão de Débito', expectTotal: number, saleNo: number): Promise<void> {
  for (const item of items) {
    await scanInput(page).fill(item);
    await scanInput(page).press('Enter');
  }
  await expect(page.getByTestId('sale-total')).toHaveText(formatBRL(expectTotal));
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: form, exact: true }).click();
  const amount = pay.getByLabel(form === 'Dinheiro' ? 'Valor recebido' : 'Valor', { exact: true });
  await expect(amount).toBeFocused();
  await amount.press('Enter');
  await expect(pay.getByLabel('Pago')).toHaveText(formatBRL(expectTotal));
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await expect(pay).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Venda nº ${saleNo} finalizada` })).toBeVisible();
}

test('retaguarda + dois caixas: preço do ERP vendido nos dois, vendas (uma com o caixa offline) uma vez cada no servidor, cancelamento chega', async ({ browser }) => {
  test.setTimeout(300_000);
  await putProducts([
    { ...ARROZ, price: '29,90' },
    { ...FEIJAO, price: '8,49' },
  ]);
  // Caixa 2 reaches the server through a cable the test can unplug.
  const cable: Cable = await startCable(server.url);
  const hosts: TillHost[] = [];
  try {
    const pairing = (i: number, url: string) => ({
      BALCAO_RETAGUARDA_URL: url,
      BALCAO_RETAGUARDA_CAIXA: tills[i].tillId,
      BALCAO_RETAGUARDA_SEGREDO: tills[i].secret,
      BALCAO_ADMIN_PIN: '123456',
    });
    hosts.push(...(await Promise.all([startTillHost(pairing(0, server.url)), startTillHost(pairing(1, cable.url))])));
    const [one, two] = hosts;
    // Each till pulls the catalog and the server's Gerente (its PIN hash) on its own.
    for (const till of hosts) {
      await expect.poll(() => priceOf(till, ARROZ.code), { timeout: 30_000 }).toBe(2990);
      await expect.poll(() => till.read('SELECT 1 FROM operators WHERE name = ?', GERENTE.name).length, { timeout: 30_000 }).toBe(1);
    }
    const [p1, p2] = [await openTill(browser, one), await openTill(browser, two)];

    // The ERP changes the price of the rice: both tills get it and sell it.
    await putProducts([{ ...ARROZ, price: '31,50' }]);
    for (const till of hosts) await expect.poll(() => priceOf(till, ARROZ.code), { timeout: 30_000 }).toBe(3150);
    await sell(p1, [ARROZ.ean], 'Dinheiro', 3150, 1);
    await sell(p1, [`2*${FEIJAO.ean}`, ARROZ.ean], 'Cartão de Débito', 2 * 849 + 3150, 2);
    await expect(p1.getByRole('table', { name: 'Itens da venda' })).not.toContainText(ARROZ.name);

    // Caixa 2 loses the server: it keeps selling, the badge says the server is unreachable.
    cable.unplug();
    await sell(p2, [ARROZ.ean], 'Dinheiro', 3150, 1);
    await sell(p2, [`3*${FEIJAO.ean}`], 'Dinheiro', 3 * 849, 2);
    const badge2 = p2.getByRole('region', { name: 'Sincronização com o Hub' });
    await expect(badge2.getByTestId('sync-retaguarda')).toHaveText('Sem conexão com a retaguarda', { timeout: 60_000 });
    await expect.poll(async () => (await serverSales()).filter((s) => s.tillId === tills[0].tillId).length, { timeout: 60_000 }).toBe(2);
    expect((await serverSales()).filter((s) => s.tillId === tills[1].tillId)).toEqual([]);

    // Back online: the backlog drains on its own; each sale once, with the totals of the counter.
    cable.plug();
    await expect.poll(async () => (await serverSales()).length, { timeout: 60_000 }).toBe(4);
    await expect(badge2.getByTestId('sync-retaguarda')).toHaveCount(0, { timeout: 60_000 });
    const sales = await serverSales();
    expect(new Set(sales.map((s) => s.id)).size).toBe(4);
    const summary = (tillId: string) =>
      sales
        .filter((s) => s.tillId === tillId)
        .sort((a, b) => a.number - b.number)
        .map((s) => ({ number: s.number, status: s.status, total: s.totalCents, paid: s.payments.reduce((n, p) => n + p.amountCents, 0), lines: s.lines.map((l) => [l.ean, l.quantity, l.totalCents]) }));
    expect(summary(tills[0].tillId)).toEqual([
      { number: 1, status: 'finalizada', total: 3150, paid: 3150, lines: [[ARROZ.ean, 1000, 3150]] },
      { number: 2, status: 'finalizada', total: 4848, paid: 4848, lines: [[FEIJAO.ean, 2000, 1698], [ARROZ.ean, 1000, 3150]] },
    ]);
    expect(summary(tills[1].tillId)).toEqual([
      { number: 1, status: 'finalizada', total: 3150, paid: 3150, lines: [[ARROZ.ean, 1000, 3150]] },
      { number: 2, status: 'finalizada', total: 2547, paid: 2547, lines: [[FEIJAO.ean, 3000, 2547]] },
    ]);
    // Both sides agree: what each till finalized is what the server holds for it.
    for (const [i, till] of hosts.entries()) {
      const local = till.read<{ id: string }>(`SELECT id FROM sales WHERE status = 'finalizada' ORDER BY id`).map((r) => r.id);
      expect(sales.filter((s) => s.tillId === tills[i].tillId).map((s) => s.id).sort()).toEqual(local);
    }

    // Caixa 1 cancels its first sale (Minhas vendas): the server's sale turns "cancelada".
    await p1.getByRole('navigation', { name: 'Menu principal' }).getByRole('button', { name: 'Minhas vendas', exact: true }).click();
    await p1.getByRole('button', { name: /^Abrir venda nº 1\b/ }).first().click();
    await p1.getByRole('group', { name: 'Opções da venda' }).getByRole('button', { name: 'Cancelar', exact: true }).click();
    const dialog = p1.getByRole('dialog', { name: /^Cancelar venda nº/ });
    await dialog.getByLabel('Motivo').selectOption('Desistência do cliente');
    await dialog.getByRole('button', { name: 'Confirmar cancelamento' }).click();
    await expect(dialog).toHaveCount(0);
    const cancelled = sales.find((s) => s.tillId === tills[0].tillId && s.number === 1)!;
    await expect
      .poll(async () => (await serverSales()).filter((s) => s.status === 'cancelada').map((s) => s.id), { timeout: 60_000 })
      .toEqual([cancelled.id]);
    const res = await fetch(`${server.url}/v1/sales?status=cancelada`, { headers: { authorization: `Bearer ${erpKey}` } });
    expect(((await res.json()) as { sales: ServerSale[] }).sales.map((s) => [s.id, s.totalCents])).toEqual([[cancelled.id, 3150]]);
    expect((await serverSales()).length).toBe(4);
  } finally {
    for (const h of hosts) await h.stop();
    await cable.close();
  }
});
