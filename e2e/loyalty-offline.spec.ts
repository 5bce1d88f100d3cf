import { fixtureProducts } from './catalog';
import { expect, test } from './fixtures';
import { bodies, hubAppOptions, identify, payCash, scan, type HubRef } from './loyalty-kit';

const ref: Partial<HubRef> = {};
test.use({ appOptions: hubAppOptions(ref) });
const [arroz, feijao] = fixtureProducts;

test('hub fora do ar no Finalizar: a venda fecha e imprime; campanha e bônus entregues uma vez quando o hub volta', async ({ page, app }) => {
  await scan(page, arroz.ean, 1);
  await identify(page, '39053344705');
  await page.getByRole('dialog', { name: /Cliente cadastrado/ }).getByRole('button', { name: 'Fechar' }).click();
  await page.keyboard.press('F10');
  await page.getByRole('dialog', { name: 'Utilização de saldo' }).getByRole('button', { name: 'Continuar sem utilizar saldo' }).click();
  await page.getByRole('dialog', { name: 'Continuar sem utilizar saldo' }).getByRole('button', { name: 'Sim' }).click();
  const pay = await payCash(page, '30');
  await ref.hub!.control.setDown(true);
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  const pending = page.getByRole('dialog', { name: 'Bônus pendente' });
  await expect(pending).toContainText('o bônus será creditado quando a conexão voltar');
  const sale = app.core.db.prepare(`SELECT id, document_number FROM sales WHERE status = 'finalizada'`).get() as { id: string; document_number: number };
  expect(sale.document_number).toBe(1);
  expect(app.core.db.prepare(`SELECT count(*) AS n FROM print_jobs WHERE kind = 'sale' AND sale_id = ?`).get(sale.id)).toEqual({ n: 1 });
  await pending.getByRole('button', { name: 'Fechar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();

  await ref.hub!.control.setDown(false);
  const { worker, repo } = app.core.services.outbox;
  const ids = repo.forSale(sale.id).map((r) => r.opId);
  expect(repo.forSale(sale.id).map((r) => r.kind)).toEqual(['hub.ConsultarCampanha', 'hub.ResgatarSaldo', 'hub.GerarBonus']);
  let rows = await worker.waitFor(ids, 30_000);
  while (rows.some((r) => r.status !== 'done')) {
    worker.notifyOnline('hub');
    rows = await worker.waitFor(ids, 30_000);
  }
  const bonus = ref.hub!.control.requests('GerarBonus').filter((r) => r.status === 200);
  expect(bonus).toHaveLength(1);
  expect(bonus[0].body).toMatchObject({ CampanhaId: 101, Venda: { DocumentoNF: '1', Cpf: '39053344705' } });
  expect(bodies(ref.hub!, 'ResgatarSaldo')).toEqual([expect.objectContaining({ ValorResgatado: 0 })]);
  expect(ref.hub!.control.customer('39053344705')!.availableCents).toBe(4590 + 140); // 5% of 27,90 = 1,395 → 1,40

  // Minhas vendas: the bonus is known now; its loyalty receipt prints from there.
  await page.keyboard.press('F11');
  await page.getByRole('button', { name: 'Abrir venda nº 1' }).click();
  const info = page.getByRole('group', { name: 'Fidelidade da venda' });
  await expect(info).toContainText('bônus R$ 1,40');
  await info.getByRole('button', { name: 'Imprimir comprovante fidelidade' }).click();
  await expect(info.getByRole('status')).toHaveText('Comprovante fidelidade enviado à impressora.');
  expect(app.core.db.prepare(`SELECT count(*) AS n FROM print_jobs WHERE kind = 'loyalty' AND sale_id = ?`).get(sale.id)).toEqual({ n: 1 });
});

test('pré-venda (DAV): salvar com cliente, listar, recuperar; a fidelidade roda só ao finalizar', async ({ page, app }) => {
  await scan(page, arroz.ean, 1);
  await scan(page, `2*${feijao.ean}`, 2);
  await identify(page, '52998224725');
  await page.getByRole('dialog', { name: /Cliente cadastrado/ }).getByRole('button', { name: 'Fechar' }).click();
  await page.keyboard.press('F7');
  const save = page.getByRole('dialog', { name: 'Salvar pré-venda' });
  await save.getByRole('button', { name: 'Salvar pré-venda' }).click();
  await expect(save.getByRole('status')).toHaveText('Pré-venda nº 1 salva.');
  await save.getByRole('button', { name: 'Fechar' }).click();
  await expect(page.getByTestId('sale-total')).toHaveText('R$ 0,00');
  await expect(page.getByRole('button', { name: 'Identificar cliente' })).toBeVisible();
  const hubCallsBefore = ref.hub!.control.requests().length;

  await page.keyboard.press('F9');
  const list = page.getByRole('dialog', { name: 'Pré-vendas' });
  const row = list.getByRole('table', { name: 'Pré-vendas abertas' }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Ana Souza');
  await expect(row).toContainText('R$ 44,88');
  await list.getByRole('button', { name: 'Recuperar pré-venda nº 1' }).click();
  await expect(page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Cliente da venda' })).toContainText('Ana Souza');
  expect(ref.hub!.control.requests().length).toBe(hubCallsBefore);

  await page.keyboard.press('F10');
  await page.getByRole('dialog', { name: 'Utilização de saldo' }).getByRole('button', { name: 'Continuar sem utilizar saldo' }).click();
  await page.getByRole('dialog', { name: 'Continuar sem utilizar saldo' }).getByRole('button', { name: 'Sim' }).click();
  const pay = await payCash(page, '50');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await page.getByRole('dialog', { name: 'Campanhas' }).getByRole('button', { name: 'Finalizar' }).click();
  await expect(page.getByRole('dialog', { name: 'Fidelidade' }).getByLabel('Bônus gerado nesta venda')).toHaveText('R$ 2,24');
  expect(bodies(ref.hub!, 'GerarBonus')).toEqual([expect.objectContaining({ Venda: expect.objectContaining({ ValorLiquido: 44.88, QuantidadeTotalItens: 3 }) })]);
  expect(app.core.db.prepare(`SELECT status FROM pre_sales WHERE number = 1`).get()).toEqual({ status: 'recuperada' });
});

test('hub fora do ar no F6: cliente do cadastro local identificado sem saldo, sem resgate; cadastro e bônus entregues uma vez quando o hub volta', async ({ page, app }) => {
  const hub = ref.hub!;
  await scan(page, arroz.ean, 1);
  await hub.control.setDown(true);
  await page.keyboard.press('F6');
  await page.keyboard.type('11144477735\n');
  const panel = page.getByRole('dialog', { name: 'Cliente identificado sem consulta de saldo (hub fora do ar)' });
  await expect(panel.getByLabel('Nome')).toHaveText('Bruno Lima');
  await expect(panel.getByLabel('Saldo total')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Cliente da venda' })).toContainText('Bruno Lima');
  // No redemption offered: straight to the payment.
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Utilização de saldo' })).toHaveCount(0);
  await page.keyboard.press('1');
  await page.keyboard.type('30\n');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Bônus pendente' })).toContainText('o bônus será creditado quando a conexão voltar');
  const saleId = (app.core.db.prepare(`SELECT id FROM sales WHERE status = 'finalizada'`).get() as { id: string }).id;
  expect(app.core.services.outbox.repo.forSale(saleId).map((r) => r.kind)).toEqual(['hub.CadastrarCliente', 'hub.ConsultarCampanha', 'hub.ResgatarSaldo', 'hub.GerarBonus']);

  await hub.control.setDown(false);
  app.core.services.outbox.worker.notifyOnline('hub');
  await expect.poll(() => hub.control.effects().map((e) => e.route).filter((r) => r === 'CadastrarCliente' || r === 'GerarBonus'), { timeout: 30_000 }).toEqual(['CadastrarCliente', 'GerarBonus']);
  expect(hub.control.requests('CadastrarCliente').filter((r) => r.status === 200)).toHaveLength(1);
  expect(hub.control.requests('GerarBonus').filter((r) => r.status === 200)).toHaveLength(1);
});
