import type { Locator, Page } from '@playwright/test';
import { fixtureProducts } from './catalog';
import { expect, scanInput, test } from './fixtures';
import { expectFits } from './fit';
import { hubAppOptions, scan, type HubRef } from './loyalty-kit';

/** Issue 21, "Sale screen": focus in every dialog, one presentation of discounts vs loyalty, checkboxes beside labels. */
const ref: Partial<HubRef> = {};
test.use({ appOptions: hubAppOptions(ref) });
const [arroz] = fixtureProducts; // R$ 27,90

/** A checkbox/radio sits on its label's line, at a control's size (not a full-width bar above it). */
async function besideLabel(control: Locator, label: Locator) {
  const c = (await control.boundingBox())!;
  const l = (await label.boundingBox())!;
  expect(c.width, 'largura do controle').toBeLessThan(40);
  expect(Math.abs(c.y + c.height / 2 - (l.y + l.height / 2)), 'na mesma linha do rótulo').toBeLessThan(l.height / 2 + 2);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const a = (globalThis as any).document.activeElement; // eslint-disable-line @typescript-eslint/no-explicit-any
    return `${a?.tagName} ${a?.textContent?.trim() ?? ''}`;
  });

for (const viewport of [{ width: 1024, height: 768 }, { width: 1366, height: 768 }]) {
  test(`${viewport.width}×${viewport.height}: F6, Consultar Saldo Parceiro, F7 e F9 põem o foco no botão; Enter age`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await scan(page, arroz.ean, 1);
    await page.keyboard.press('F6');
    const id = page.getByRole('dialog', { name: 'Identificar cliente' });
    await expect(id.getByLabel('CPF')).toBeFocused();
    await page.keyboard.type('39053344705\n');
    const panel = page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' });
    await expect(panel.getByLabel('Nome')).toHaveText('Carla Dias');
    await expect(panel.getByRole('button', { name: 'Fechar' }), await focused(page)).toBeFocused();
    await expectFits(page, 'Cliente cadastrado');
    await page.keyboard.press('Enter');
    await expect(panel).toHaveCount(0);
    await expect(scanInput(page)).toBeFocused();

    await page.getByRole('button', { name: 'Mais opções do cliente' }).click();
    await page.getByRole('menuitem', { name: 'Consultar Saldo Parceiro' }).click();
    const bal = page.getByRole('dialog', { name: 'Saldo do cliente no parceiro' });
    await expect(bal.getByLabel('Saldo disponível')).toHaveText('R$ 45,90');
    await expect(bal.getByRole('button', { name: 'Fechar' }), await focused(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(bal).toHaveCount(0);

    await page.keyboard.press('F7');
    const save = page.getByRole('dialog', { name: 'Salvar pré-venda' });
    await expect(save.getByRole('button', { name: 'Salvar pré-venda' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(save.getByRole('status')).toHaveText('Pré-venda nº 1 salva.');
    await expect(save.getByRole('button', { name: 'Fechar' }), await focused(page)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(save).toHaveCount(0);
    await expect(page.getByTestId('sale-total')).toHaveText('R$ 0,00');

    await page.keyboard.press('F9');
    const list = page.getByRole('dialog', { name: 'Pré-vendas' });
    await expect(list.getByRole('button', { name: 'Recuperar pré-venda nº 1' }), await focused(page)).toBeFocused();
    await expectFits(page, 'Pré-vendas');
    await page.keyboard.press('Enter');
    await expect(list).toHaveCount(0);
    await expect(page.getByTestId('sale-total')).toHaveText('R$ 27,90');
  });

  test(`${viewport.width}×${viewport.height}: saldo utilizado não aparece também como desconto; checkbox e rádios ao lado do rótulo`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await scan(page, arroz.ean, 1);
    await page.keyboard.press('F6');
    await page.keyboard.type('39053344705\n');
    await page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' }).getByRole('button', { name: 'Fechar' }).click();
    await page.keyboard.press('F10');
    const red = page.getByRole('dialog', { name: 'Utilização de saldo' });
    const use = red.getByRole('checkbox', { name: 'Utilizar Saldo' });
    await besideLabel(use, red.getByText('Utilizar Saldo', { exact: true }));
    await expectFits(page, 'Utilização de saldo');
    await use.check();
    await red.getByLabel('Valor a utilizar').fill('10,00');
    await red.getByRole('button', { name: 'Enviar' }).click();
    const pay = page.getByRole('dialog', { name: 'Pagamento' });
    await expect(pay.getByLabel('Total', { exact: true })).toHaveText('R$ 17,90');
    // Subtotal − Descontos − Saldo fidelidade utilizado = Total, each shown once.
    const side = page.locator('.figures').first();
    await expect(side).toContainText('SubtotalR$ 27,90');
    await expect(side).toContainText('DescontosR$ 0,00');
    await expect(page.getByLabel('Saldo fidelidade utilizado')).toHaveText('R$ 10,00');
    await pay.getByRole('button', { name: 'Dinheiro', exact: true }).click();
    await page.keyboard.type('20\n');
    await pay.getByRole('button', { name: 'Finalizar' }).click();
    const camp = page.getByRole('dialog', { name: 'Campanhas' });
    const radio = camp.getByRole('radio', { name: 'Bônus 5% na compra' });
    await expect(radio).toBeChecked();
    await besideLabel(radio, camp.getByText('Bônus 5% na compra', { exact: true }));
    await expectFits(page, 'Campanhas');
  });
}

test('cliente com R$ 0,00 disponível: sem "Utilização de saldo"; campanha de R$ 0,00 não é oferecida', async ({ page }) => {
  const hub = ref.hub!;
  const zero = { Id: 201, Descricao: 'Campanha sem bônus', TextoComplementar: null, bonusBasisPoints: 0, DataInicio: '2026-01-01T00:00:00.000Z', DataFinal: '2027-12-31T23:59:59.000Z' };
  const five = { Id: 202, Descricao: 'Bônus 5% na compra', TextoComplementar: null, bonusBasisPoints: 500, DataInicio: '2026-01-01T00:00:00.000Z', DataFinal: '2027-12-31T23:59:59.000Z' };
  hub.control.setCampaigns([zero, five]);
  // A new customer: registered now, R$ 0,00 available.
  await scan(page, arroz.ean, 1);
  await page.keyboard.press('F6');
  await page.keyboard.type('12345678909\n');
  const form = page.getByRole('dialog', { name: 'Cadastro de cliente' });
  await form.getByLabel('Nome').fill('Cliente Novo');
  await form.getByRole('button', { name: 'Salvar cliente' }).click();
  const panel = page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' });
  await expect(panel.getByLabel('Saldo disponível')).toHaveText('R$ 0,00');
  await page.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);

  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Utilização de saldo' })).toHaveCount(0);
  await page.keyboard.press('1');
  await page.keyboard.type('30\n');
  await expect(page.getByRole('dialog', { name: 'Pagamento' }).getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  const camp = page.getByRole('dialog', { name: 'Campanhas' });
  await expect(camp.getByRole('radio')).toHaveCount(1);
  await expect(camp.getByRole('radio', { name: 'Bônus 5% na compra' })).toBeChecked();
  await camp.getByRole('button', { name: 'Finalizar' }).click();
  await expect(page.getByRole('dialog', { name: 'Fidelidade' }).getByLabel('Bônus gerado nesta venda')).toHaveText('R$ 1,40');
  await page.getByRole('dialog', { name: 'Fidelidade' }).getByRole('button', { name: 'Fechar' }).click();

  // Only campaigns worth R$ 0,00: no "Campanhas" at all, the sale goes with the first one.
  hub.control.setCampaigns([zero]);
  await scan(page, arroz.ean, 1);
  await page.keyboard.press('F6');
  await page.keyboard.type('12345678909\n');
  await page.getByRole('dialog', { name: 'Cliente cadastrado no parceiro' }).getByRole('button', { name: 'Fechar' }).click();
  await page.keyboard.press('F10');
  // Now R$ 1,40 is available: the balance is offered; the cashier goes on without it.
  await page.getByRole('dialog', { name: 'Utilização de saldo' }).getByRole('button', { name: 'Continuar sem utilizar saldo' }).click();
  await page.getByRole('dialog', { name: 'Continuar sem utilizar saldo' }).getByRole('button', { name: 'Sim' }).click();
  await expect(page.getByRole('dialog', { name: 'Pagamento' }).getByRole('button', { name: 'Dinheiro', exact: true })).toBeFocused();
  await page.keyboard.press('1');
  await page.keyboard.type('30\n');
  await expect(page.getByRole('dialog', { name: 'Pagamento' }).getByRole('button', { name: 'Finalizar' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Venda nº 2 finalizada' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Campanhas' })).toHaveCount(0);
  await expect.poll(() => hub.control.requests('GerarBonus').map((r) => (r.body as { CampanhaId: number | null }).CampanhaId)).toEqual([202, 201]);
});
