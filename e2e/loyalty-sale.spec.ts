import type { Page } from '@playwright/test';
import { checkSaleMessages, requestsOfGuids } from '../test-support/hub-contract-check';
import { fixtureProducts } from './catalog';
import { expect, test } from './fixtures';
import { bodies, hubAppOptions, identify, payCash, scan, type HubRef } from './loyalty-kit';

const ref: Partial<HubRef> = {};
test.use({ appOptions: hubAppOptions(ref) });
const [arroz, feijao] = fixtureProducts; // 27,90 / 8,49

async function withCustomer(page: Page, cpf: string) {
  await scan(page, arroz.ean, 1);
  await identify(page, cpf);
  await page.getByRole('dialog', { name: /Cliente cadastrado/ }).getByRole('button', { name: 'Fechar' }).click();
}

const saleMessagesOk = (app: { core: { services: { outbox: { repo: { forSale(id: string): { opId: string }[] } } } } }, saleId: string) =>
  checkSaleMessages(requestsOfGuids(ref.hub!.control.requests(), app.core.services.outbox.repo.forSale(saleId).map((r) => r.opId)));

test('PIN por SMS: 9 dígitos recusados, PIN errado, PIN certo → resgate como desconto, campanha padrão, bônus', async ({ page, app }) => {
  await withCustomer(page, '52998224725');
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await expect(red.getByLabel('Saldo disponível')).toHaveText('R$ 120,00');
  await expect(red.getByLabel('Valor a utilizar')).toHaveValue('27,90');
  await expect(red.getByRole('button', { name: 'Enviar' })).toBeDisabled();
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByLabel('Valor a utilizar').fill('10,00');
  await red.getByRole('button', { name: 'Enviar' }).click();

  const pin = page.getByRole('dialog', { name: 'Validação do PIN' });
  await expect(pin.getByRole('status')).toHaveText('PIN enviado por SMS para (11) *****-4321');
  expect(bodies(ref.hub!, 'EnviarPin')).toEqual([expect.objectContaining({ TipoPin: 1, Celular: '11987654321', Cpf: '52998224725' })]);
  await expect(pin.getByRole('button', { name: /Reenviar PIN/ })).toBeDisabled();
  const input = pin.getByLabel('PIN');
  await input.pressSequentially('123456789');
  await expect(input).toHaveValue('12345678');
  const real = ref.hub!.control.lastPin('52998224725')!;
  const wrong = real === '00000000' ? '11111111' : '00000000';
  await input.fill(wrong);
  await input.press('Enter');
  await expect(pin.getByRole('alert')).toHaveText('PIN inválido. Tentativa 1 de 3.');
  await expect(input).toHaveValue('');
  await input.fill(real);
  await pin.getByRole('button', { name: 'Validar' }).click();

  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByLabel('Total', { exact: true })).toHaveText('R$ 17,90');
  await expect(page.getByLabel('Saldo fidelidade utilizado')).toHaveText('R$ 10,00');
  expect(bodies(ref.hub!, 'ValidarPin').map((b) => b.Pin)).toEqual([wrong, real]);

  await payCash(page, '20');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  const camp = page.getByRole('dialog', { name: 'Campanhas' });
  await expect(camp.getByRole('radio', { name: 'Bônus 5% na compra' })).toBeChecked();
  await expect(camp.getByRole('button', { name: 'Não Bonificar' })).toBeVisible();
  await camp.getByRole('button', { name: 'Finalizar' }).click();

  const result = page.getByRole('dialog', { name: 'Fidelidade' });
  await expect(result.getByLabel('Bônus gerado nesta venda')).toHaveText('R$ 0,90');
  await expect(result.getByLabel('Saldo atual')).toHaveText('R$ 140,90');
  await expect(result).toContainText('Bônus de R$ 0,90 gerado.');
  expect(bodies(ref.hub!, 'ResgatarSaldo')).toEqual([expect.objectContaining({ ValorResgatado: 10, VendaValorLiquido: 17.9 })]);
  expect(bodies(ref.hub!, 'GerarBonus')).toEqual([expect.objectContaining({ CampanhaId: 101, Venda: expect.objectContaining({ ValorResgate: 10, DocumentoNF: '1' }) })]);
  const saleId = (app.core.db.prepare(`SELECT id FROM sales WHERE status = 'finalizada'`).get() as { id: string }).id;
  expect(saleMessagesOk(app, saleId)).toEqual([]);
  await result.getByRole('button', { name: 'Fechar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();
  // The loyalty receipt is in the menu beside "Imprimir comprovante".
  await page.getByRole('button', { name: 'Mais opções: Imprimir comprovante' }).click();
  await expect(page.getByRole('menuitem', { name: 'Comprovante fidelidade', exact: true })).toBeEnabled();
  expect(app.core.db.prepare(`SELECT count(*) AS n FROM print_jobs WHERE kind = 'loyalty' AND sale_id = ?`).get(saleId)).toEqual({ n: 1 });
});

test('PIN por e-mail; 3 PINs errados voltam para Utilização de saldo', async ({ page }) => {
  await withCustomer(page, '11144477735');
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByRole('button', { name: 'Enviar' }).click();
  const pin = page.getByRole('dialog', { name: 'Validação do PIN' });
  await expect(pin.getByRole('status')).toHaveText('PIN enviado por e-mail para b***@example.com');
  expect(bodies(ref.hub!, 'EnviarPin')).toEqual([expect.objectContaining({ TipoPin: 2, Email: 'bruno@example.com' })]);
  const real = ref.hub!.control.lastPin('11144477735')!;
  const wrong = real === '99999999' ? '88888888' : '99999999';
  for (const n of [1, 2]) {
    await pin.getByLabel('PIN').fill(wrong);
    await pin.getByRole('button', { name: 'Validar' }).click();
    await expect(pin.getByRole('alert')).toHaveText(`PIN inválido. Tentativa ${n} de 3.`);
  }
  await pin.getByLabel('PIN').fill(wrong);
  await pin.getByRole('button', { name: 'Validar' }).click();
  await expect(red.getByRole('alert')).toContainText('PIN inválido 3 vezes');
  expect(bodies(ref.hub!, 'ValidarPin')).toHaveLength(3);
});

test('Continuar sem utilizar saldo: Não volta, Sim segue; ResgatarSaldo com 0; Não Bonificar → CampanhaId null', async ({ page, app }) => {
  await withCustomer(page, '39053344705');
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await red.getByRole('button', { name: 'Fechar' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('F10');
  await red.getByRole('button', { name: 'Continuar sem utilizar saldo' }).click();
  const confirm = page.getByRole('dialog', { name: 'Continuar sem utilizar saldo' });
  await expect(confirm).toContainText('Continuar sem utilizar o saldo de fidelidade?');
  await confirm.getByRole('button', { name: 'Não' }).click();
  await expect(red).toBeVisible();
  await red.getByRole('button', { name: 'Continuar sem utilizar saldo' }).click();
  await confirm.getByRole('button', { name: 'Sim' }).click();
  const pay = await payCash(page, '27,90');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await page.getByRole('dialog', { name: 'Campanhas' }).getByRole('button', { name: 'Não Bonificar' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 1 finalizada' })).toBeVisible();
  expect(bodies(ref.hub!, 'ResgatarSaldo')).toEqual([expect.objectContaining({ ValorResgatado: 0, VendaValorLiquido: 27.9 })]);
  await expect.poll(() => bodies(ref.hub!, 'GerarBonus').map((b) => b.CampanhaId)).toEqual([null]);
  const saleId = (app.core.db.prepare(`SELECT id FROM sales WHERE status = 'finalizada'`).get() as { id: string }).id;
  expect(saleMessagesOk(app, saleId)).toEqual([]);
});

test('Não Bonificar só quando o hub permite; saldo cobre tudo → Sem Pagamento (90)', async ({ page }) => {
  ref.hub!.control.setCampaigns('default', false);
  await withCustomer(page, '39053344705'); // 45,90 available; sale 27,90
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByRole('button', { name: 'Enviar' }).click();
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByLabel('Total', { exact: true })).toHaveText('R$ 0,00');
  await expect(pay).toContainText('Sem Pagamento');
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  const camp = page.getByRole('dialog', { name: 'Campanhas' });
  await expect(camp.getByRole('radio').first()).toBeChecked();
  await expect(camp.getByRole('button', { name: 'Não Bonificar' })).toHaveCount(0);
  await camp.getByRole('radio', { name: 'Bônus 10% Clube' }).check();
  await camp.getByRole('button', { name: 'Finalizar' }).click();
  await expect(page.getByRole('dialog', { name: 'Fidelidade' })).toBeVisible();
  const gb = bodies(ref.hub!, 'GerarBonus')[0] as { CampanhaId: number; Venda: { FormasDePagamento: unknown; ValorLiquido: number } };
  expect(gb.CampanhaId).toBe(102);
  expect(gb.Venda).toMatchObject({ ValorLiquido: 0, FormasDePagamento: [{ Id: 90, ValorPago: 0 }] });
  expect(bodies(ref.hub!, 'ResgatarSaldo')).toEqual([expect.objectContaining({ ValorResgatado: 27.9, VendaValorLiquido: 0 })]);
});

test('resgate recusado: desconto mantido e aviso (também em Minhas vendas); bônus recusado: aviso', async ({ page }) => {
  await withCustomer(page, '39053344705');
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByLabel('Valor a utilizar').fill('5,00');
  await red.getByRole('button', { name: 'Enviar' }).click();
  const pay = await payCash(page, '22,90');
  ref.hub!.control.setFault({ route: 'ResgatarSaldo', kind: 'business', mensagem: 'Saldo bloqueado pelo parceiro', times: 1 });
  ref.hub!.control.setFault({ route: 'GerarBonus', kind: 'business', mensagem: 'Campanha encerrada', times: 1 });
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await page.getByRole('dialog', { name: 'Campanhas' }).getByRole('button', { name: 'Finalizar' }).click();
  const warn = page.getByRole('dialog', { name: 'Não foi possível gerar o bônus' });
  await expect(warn).toContainText(/ajuste o saldo manualmente na plataforma do parceiro/i);
  await expect(warn).toContainText('Campanha encerrada');
  await warn.getByRole('button', { name: 'Fechar' }).click();
  await page.keyboard.press('F11');
  await page.getByRole('button', { name: 'Abrir venda nº 1' }).click();
  await expect(page.getByRole('group', { name: 'Fidelidade da venda' })).toContainText(/ajuste o saldo manualmente/i);
  await expect(page.getByRole('group', { name: 'Fidelidade da venda' })).toContainText('R$ 5,00');
});

test('estorno automático (bônus recusado após o resgate) e seu Tentar Novamente', async ({ page }) => {
  await withCustomer(page, '39053344705');
  await page.keyboard.press('F10');
  const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
  await red.getByLabel('Utilizar Saldo').check();
  await red.getByLabel('Valor a utilizar').fill('5,00');
  await red.getByRole('button', { name: 'Enviar' }).click();
  const pay = await payCash(page, '22,90');
  ref.hub!.control.setFault({ route: 'GerarBonus', kind: 'business', times: 1 });
  ref.hub!.control.setFault({ route: 'EstornarVenda', kind: 'business', mensagem: 'Estorno indisponível', times: 1 });
  await pay.getByRole('button', { name: 'Finalizar' }).click();
  await page.getByRole('dialog', { name: 'Campanhas' }).getByRole('button', { name: 'Finalizar' }).click();
  const warn = page.getByRole('dialog', { name: 'Não foi possível gerar o bônus' });
  await expect(warn).toContainText('Estorno indisponível');
  const before = ref.hub!.control.customer('39053344705')!.availableCents;
  expect(before).toBe(4590 - 500);
  await warn.getByRole('button', { name: 'Tentar Novamente' }).click();
  await expect(warn).toContainText('Saldo devolvido ao cliente');
  await expect(warn.getByRole('button', { name: 'Tentar Novamente' })).toHaveCount(0);
  const guids = bodies(ref.hub!, 'EstornarVenda').map((b) => b.IdentificadorTransacao);
  expect(guids).toHaveLength(2);
  expect(new Set(guids).size).toBe(1);
});
