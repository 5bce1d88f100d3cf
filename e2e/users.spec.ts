import type { Page } from '@playwright/test';
import { startHubSandbox, type HubSandbox } from '../sandboxes/hub/server';
import type { Sale } from '../shared/api/sales';
import { formatBRL } from '../shared/money';
import { ANA, TOKEN } from '../test-support/hub-kit';
import { decodeEscPos } from '../core/printing/decoder';
import { fixtureProducts } from './catalog';
import { E2E_ADMIN_PIN, expect, openScreen, scanInput, test, type App } from './fixtures';
import { expectFits } from './fit';

/**
 * Users and managers in Chromium against the real core: "Primeiro acesso",
 * login by PIN, "Bloquear", the "PIN do gerente" overlay, cancelling a
 * finished loyalty sale (EstornarVenda on the hub sandbox) and the audit.
 */

const OPERATOR = { user: 'Ana Caixa', pin: '1111' };
const createOperator = async (app: App): Promise<void> => {
  await app.call('users.create', { name: OPERATOR.user, role: 'caixa', pin: OPERATOR.pin });
};

async function approveAsManager(page: Page) {
  const overlay = page.getByRole('dialog', { name: 'Aprovação do gerente' });
  await expect(overlay).toBeVisible();
  await overlay.getByLabel('Gerente', { exact: true }).selectOption({ label: 'Gerente' });
  await page.getByLabel('PIN do gerente').fill(E2E_ADMIN_PIN);
  await overlay.getByRole('button', { name: 'Aprovar' }).click();
  await expect(overlay).toBeHidden();
}

test.describe('primeiro acesso', () => {
  test.use({ appOptions: { config: { adminPin: null } } });

  test('a fresh database creates the first Gerente (PIN twice) and opens the till', async ({ page, app }) => {
    await expect(page.getByRole('heading', { name: 'Primeiro acesso' })).toBeVisible();
    await page.getByLabel('Nome').fill('Marta Gerente');
    await page.getByLabel('PIN', { exact: true }).fill('246800');
    await page.getByLabel('Confirme o PIN').fill('246900');
    await page.getByRole('button', { name: 'Criar gerente e entrar' }).click();
    await expect(page.getByRole('alert')).toHaveText('Os dois PINs não são iguais. Digite o mesmo PIN duas vezes.');
    await page.getByLabel('Confirme o PIN').fill('246800');
    await page.getByRole('button', { name: 'Criar gerente e entrar' }).click();
    // A fresh till: the first Gerente opens the first shift.
    await expect(page.getByRole('main', { name: 'Abertura de caixa' })).toBeVisible();
    await page.getByLabel('Fundo de troco').fill('0');
    await page.getByRole('button', { name: 'Abrir caixa' }).click();
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    await expect(page.locator('.topbar .who')).toHaveText('Marta Gerente');
    const row = app.core.db.prepare(`SELECT role, pin_hash FROM operators WHERE name = 'Marta Gerente'`).get() as { role: string; pin_hash: string };
    expect(row.role).toBe('gerente');
    expect(row.pin_hash).not.toContain('246800');
    // A reload keeps the session (core-side).
    await page.reload();
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    await expect(page.locator('.topbar .who')).toHaveText('Marta Gerente');
  });
});

test.describe('PIN curto de gerente', () => {
  const promoted = async (app: App): Promise<void> => {
    const u = await app.call<{ id: number }>('users.create', { name: 'Carla', role: 'caixa', pin: '2222' });
    await app.call('users.setRole', { id: u.id, role: 'gerente' });
  };
  test.use({ appOptions: { login: false, beforeOpen: promoted } });

  test('a Gerente with a 4-digit PIN gets "Trocar PIN" at login and nothing else until it is changed', async ({ page, app }) => {
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Carla (Gerente)' });
    await page.getByLabel('PIN', { exact: true }).fill('2222');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    const change = page.getByRole('main', { name: 'Trocar PIN' });
    await expect(change).toBeVisible();
    expect((await app.core.dispatch('sales.current', {})).ok).toBe(false);
    await change.getByLabel('PIN atual').fill('2222');
    await change.getByLabel('Novo PIN', { exact: true }).fill('2580');
    await change.getByLabel('Confirme o novo PIN').fill('2580');
    await change.getByRole('button', { name: 'Trocar PIN' }).click();
    await expect(change.getByRole('alert')).toHaveText('O novo PIN do gerente deve ter de 6 a 8 dígitos (só números).');
    await change.getByLabel('Novo PIN', { exact: true }).fill('258025');
    await change.getByLabel('Confirme o novo PIN').fill('258025');
    await change.getByRole('button', { name: 'Trocar PIN' }).click();
    await expect(page.locator('.topbar .who')).toHaveText('Carla');
    expect(app.core.db.prepare(`SELECT pin_short FROM operators WHERE name = 'Carla'`).get()).toEqual({ pin_short: 0 });
  });
});

test.describe('login do operador', () => {
  test.use({ appOptions: { login: false, beforeOpen: createOperator } });

  test('Usuário + PIN + Enter; wrong PIN says so; Bloquear (F12) and another user keeps the open sale', async ({ page, app }) => {
    await expect(page.getByRole('heading', { name: 'Entrar' })).toBeVisible();
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Ana Caixa (Operador)' });
    await page.getByLabel('PIN', { exact: true }).fill('9999');
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.getByRole('alert')).toContainText('PIN incorreto');
    await page.getByLabel('PIN', { exact: true }).fill(OPERATOR.pin);
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    await expect(page.locator('.topbar .who')).toHaveText('Ana Caixa');

    await scanInput(page).fill('7891234567895');
    await scanInput(page).press('Enter');
    await expect(page.getByRole('table', { name: 'Itens da venda' }).getByText('Arroz', { exact: false })).toBeVisible();
    const sale = await app.call<Sale>('sales.current');
    expect(sale.operator.name).toBe('Ana Caixa');

    await page.keyboard.press('F12');
    await expect(page.getByRole('heading', { name: 'Caixa bloqueado' })).toBeVisible();
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Gerente (Gerente)' });
    await page.getByLabel('PIN', { exact: true }).fill(E2E_ADMIN_PIN);
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('.topbar .who')).toHaveText('Gerente');
    await expect(page.getByRole('table', { name: 'Itens da venda' }).getByText('Arroz', { exact: false })).toBeVisible();
    const after = await app.call<Sale>('sales.current');
    expect(after.id).toBe(sale.id);
    expect(after.operator.name).toBe('Gerente');
    const audit = app.core.db.prepare(`SELECT operator_name, details_json FROM audit_log WHERE action = 'sessao.troca'`).get() as { operator_name: string; details_json: string };
    expect(audit.operator_name).toBe('Gerente');
    expect(JSON.parse(audit.details_json).from.name).toBe('Ana Caixa');
  });
});

test.describe('desconto acima do limite', () => {
  test.use({ appOptions: { login: OPERATOR, beforeOpen: createOperator } });

  test('an Operador asks "PIN do gerente" for 15%; the session stays the operator; the audit names both', async ({ page, app }) => {
    await scanInput(page).fill('7891234567895');
    await scanInput(page).press('Enter');
    await expect(page.getByRole('table', { name: 'Itens da venda' }).getByText('Arroz', { exact: false })).toBeVisible();
    await page.keyboard.press('F5');
    await page.getByLabel('Desconto', { exact: true }).fill('15%');
    await page.getByLabel('Desconto', { exact: true }).press('Enter');
    // The overlay says exactly what the Gerente approves (bound to it in the core).
    await expect(page.getByRole('dialog', { name: 'Aprovação do gerente' }).getByTestId('approval-summary')).toHaveText(/^Desconto de 15% \(R\$\s[\d.,]+\) na venda \(R\$\s[\d.,]+\)$/);
    await approveAsManager(page);
    await expect(page.getByRole('dialog', { name: 'Desconto na venda' })).toBeHidden();
    const sale = await app.call<Sale>('sales.current');
    expect(sale.totals.saleDiscountCents).toBe(Math.floor((sale.totals.grossCents * 1500 + 5000) / 10000)); // 15%
    await expect(page.locator('.topbar .who')).toHaveText('Ana Caixa');
    const row = app.core.db.prepare(`SELECT operator_name, approver_name FROM audit_log WHERE action = 'venda.descontoVenda'`).get();
    expect(row).toEqual({ operator_name: 'Ana Caixa', approver_name: 'Gerente' });
  });
});

test.describe('cancelar venda finalizada com fidelidade', () => {
  let hub: HubSandbox;
  test.use({
    appOptions: {
      login: OPERATOR,
      startEmbedded: async (config) => {
        hub = await startHubSandbox({ port: 0 });
        return { config: { ...config, hubUrl: hub.url }, routes: [hub.consoleRoute], close: () => hub.close() };
      },
      beforeOpen: async (app) => {
        await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
        await createOperator(app);
      },
    },
  });

  /** As the logged-in operator: a finished sale for ANA, scored on the hub (campaign 101: 5% bonus). */
  async function loyaltySale(app: App): Promise<Sale> {
    const open = await app.call<Sale>('sales.scan', { text: '7891234567895' });
    await app.call('sales.addPayment', { formCode: 1, amountCents: open.totals.netCents });
    const { sale } = await app.call<{ sale: Sale }>('sales.finalize');
    app.core.db.prepare(`UPDATE sales SET customer_cpf = ? WHERE id = ?`).run(ANA, sale.id);
    const withCpf = { ...sale, customerCpf: ANA };
    await app.core.services.loyalty.client.gerarBonus(withCpf, { cpf: ANA, campaignId: 101 }, { opKey: `${sale.id}:GerarBonus` });
    return withCpf;
  }

  const bonus = (sale: Sale) => Math.floor((sale.totals.netCents * 500 + 5000) / 10000);

  async function cancelInScreen(page: Page, sale: Sale) {
    await openScreen(page, 'Minhas vendas');
    await page.getByRole('button', { name: `Abrir venda nº ${sale.documentNumber}` }).click();
    const options = page.getByRole('group', { name: 'Opções da venda' });
    await options.getByRole('button', { name: 'Cancelar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Cancelar venda nº ${sale.documentNumber}` });
    await dialog.getByRole('button', { name: 'Confirmar cancelamento' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Escolha o motivo do cancelamento.');
    await dialog.getByLabel('Motivo').selectOption('Desistência do cliente');
    await dialog.getByRole('button', { name: 'Confirmar cancelamento' }).click();
    await approveAsManager(page);
  }

  test('an Operador cancels with a Gerente\'s PIN → "Cancelada", EstornarVenda on the hub, audit with both names', async ({ page, app }) => {
    const sale = await loyaltySale(app);
    const before = hub.control.customer(ANA)!.currentCents;
    await cancelInScreen(page, sale);

    const done = page.getByRole('dialog', { name: 'Estorno realizado' });
    await expect(done).toBeVisible();
    await expect(done).toContainText('Valor estornado gerado');
    await expect(done).toContainText(formatBRL(bonus(sale)));
    await done.getByRole('button', { name: 'OK' }).click();

    const detail = page.getByRole('region', { name: `Venda nº ${sale.documentNumber}` });
    await expect(detail.getByRole('heading', { level: 2 })).toContainText('Cancelada');
    await expect(page.getByRole('table', { name: 'Vendas' }).getByRole('cell', { name: 'Cancelada' })).toBeVisible();
    await expect(detail.getByRole('group', { name: 'Cancelamento' })).toContainText('aprovado por Gerente');
    await expect(page.getByRole('group', { name: 'Opções da venda' }).getByRole('button', { name: 'Cancelar', exact: true })).toHaveCount(0);

    const sent = hub.control.requests('EstornarVenda');
    expect(sent.length).toBe(1);
    expect(sent[0].body).toMatchObject({ DocumentoNF: String(sale.documentNumber), SerieNF: sale.series, Cpf: ANA });
    expect(hub.control.customer(ANA)!.currentCents).toBe(before - bonus(sale));
    const audit = app.core.db.prepare(`SELECT operator_name, approver_name, reason FROM audit_log WHERE action = 'venda.cancelar' AND sale_id = ?`).all(sale.id);
    expect(audit).toEqual([{ operator_name: 'Ana Caixa', approver_name: 'Gerente', reason: 'Desistência do cliente' }]);
    expect((app.core.db.prepare(`SELECT status FROM sales WHERE id = ?`).get(sale.id) as { status: string }).status).toBe('cancelada');
    // The hub heard the operator as Vendedor; the cancellation receipt names the reason and the approver.
    expect((hub.control.requests('GerarBonus')[0].body as { Venda: { Vendedor: unknown } }).Venda.Vendedor).toMatchObject({ Nome: 'Ana Caixa' });
    const receipt = () => app.core.db.prepare(`SELECT bytes FROM print_jobs WHERE kind = 'cancellation' AND sale_id = ?`).get(sale.id) as { bytes: Buffer } | undefined;
    await expect.poll(() => receipt() !== undefined).toBe(true);
    const text = decodeEscPos(receipt()!.bytes).text;
    expect(text).toContain('Motivo: Desistência do cliente');
    expect(text).toContain('Aprovado por: Gerente');
  });

  test('reversal failure → "Tentar Novamente" (same GUID) → success, applied once', async ({ page, app }) => {
    const sale = await loyaltySale(app);
    const before = hub.control.customer(ANA)!.currentCents;
    hub.control.setFault({ route: 'EstornarVenda', kind: 'business', codigo: 77, mensagem: 'Serviço de estorno indisponível no momento.' });
    await cancelInScreen(page, sale);

    const failed = page.getByRole('dialog', { name: 'Falha no estorno' });
    await expect(failed).toBeVisible();
    await expect(failed.getByRole('alert')).toHaveText('Serviço de estorno indisponível no momento.');
    await expect(failed.getByRole('button', { name: 'Fechar' })).toBeVisible();
    expect(hub.control.customer(ANA)!.currentCents).toBe(before);

    hub.control.clearFaults();
    await failed.getByRole('button', { name: 'Tentar Novamente' }).click();
    const done = page.getByRole('dialog', { name: 'Estorno realizado' });
    await expect(done).toBeVisible();
    await done.getByRole('button', { name: 'OK' }).click();

    const guids = new Set(hub.control.requests('EstornarVenda').map((r) => (r.body as { IdentificadorTransacao: string }).IdentificadorTransacao));
    expect(guids.size).toBe(1);
    expect(hub.control.customer(ANA)!.currentCents).toBe(before - bonus(sale));
  });
});

test.describe('Configurações: Usuários e Auditoria', () => {
  test.use({ appOptions: { login: OPERATOR, beforeOpen: createOperator } });

  test('an Operador is asked for "PIN do gerente"; Usuários creates, changes role, resets PIN, deactivates; Auditoria filters', async ({ page, app }) => {
    // Cancelling the approval goes back to the sale.
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await nav.getByRole('button', { name: 'Configurações', exact: true }).click();
    await nav.getByRole('menu', { name: 'Configurações' }).getByRole('menuitem', { name: 'Usuários', exact: true }).click();
    const overlay = page.getByRole('dialog', { name: 'Aprovação do gerente' });
    await expect(overlay).toBeVisible();
    await overlay.getByRole('button', { name: 'Cancelar' }).click();
    await expect(page.getByRole('main', { name: 'Venda' })).toBeVisible();

    await nav.getByRole('button', { name: 'Configurações', exact: true }).click();
    await nav.getByRole('menu', { name: 'Configurações' }).getByRole('menuitem', { name: 'Usuários', exact: true }).click();
    await approveAsManager(page);
    // The approval opens Configurações for this visit, never users.*: the screen says so and the core refuses.
    await expect(page.getByRole('main', { name: 'Usuários' }).getByRole('note')).toContainText('Só um gerente, entrando com o próprio PIN');
    expect((await app.core.dispatch('users.create', { name: 'Intruso', role: 'gerente', pin: '999999' })).ok).toBe(false);
    await page.getByRole('button', { name: 'Entrar como gerente' }).click();
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Gerente (Gerente)' });
    await page.getByLabel('PIN', { exact: true }).fill(E2E_ADMIN_PIN);
    await page.getByLabel('PIN', { exact: true }).press('Enter');
    await expect(page.locator('.topbar .who')).toHaveText('Gerente');
    await openScreen(page, 'Usuários');
    await expect(page.getByRole('main', { name: 'Usuários' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Usuários' });
    await expect(table.getByRole('cell', { name: 'Ana Caixa', exact: true })).toBeVisible();

    await page.getByLabel('Nome', { exact: true }).fill('Bruno Caixa');
    await page.getByLabel('PIN', { exact: true }).fill('3333');
    await page.getByLabel('Confirme o PIN').fill('3333');
    await page.getByRole('button', { name: 'Criar usuário' }).click();
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Usuário Bruno Caixa criado.');
    // A role change is asked first: Esc keeps the role, "Alterar perfil" changes it.
    const role = () => app.core.db.prepare(`SELECT role FROM operators WHERE name = 'Bruno Caixa'`).pluck().get();
    await page.getByLabel('Perfil de Bruno Caixa').selectOption({ label: 'Gerente' });
    const askRole = page.getByRole('dialog', { name: 'Alterar perfil' });
    await expect(askRole).toContainText('Alterar o perfil de Bruno Caixa de Operador para Gerente?');
    await expect(askRole.getByRole('button', { name: 'Alterar perfil' })).toBeFocused();
    await expectFits(page, 'Alterar perfil');
    await page.keyboard.press('Escape');
    await expect(askRole).toHaveCount(0);
    expect(role()).toBe('caixa');
    await expect(page.getByLabel('Perfil de Bruno Caixa')).toHaveValue('caixa');
    await page.getByLabel('Perfil de Bruno Caixa').selectOption({ label: 'Gerente' });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Perfil de Bruno Caixa alterado.');
    expect(role()).toBe('gerente');
    await page.getByRole('button', { name: 'Redefinir PIN de Bruno Caixa' }).click();
    const reset = page.getByRole('dialog', { name: 'Redefinir PIN de Bruno Caixa' });
    await reset.getByLabel('Novo PIN', { exact: true }).fill('555555');
    await reset.getByLabel('Confirme o novo PIN').fill('555556');
    await reset.getByRole('button', { name: 'Salvar PIN' }).click();
    await expect(reset.getByRole('alert')).toHaveText('Os dois PINs não são iguais.');
    await reset.getByLabel('Confirme o novo PIN').fill('555555');
    await reset.getByRole('button', { name: 'Salvar PIN' }).click();
    await expect(page.getByRole('main').getByRole('status')).toHaveText('PIN de Bruno Caixa redefinido.');
    // "Desativar" is asked first: Esc keeps the user active, "Desativar" in the dialog deactivates.
    await page.getByRole('button', { name: 'Desativar Bruno Caixa' }).click();
    const askOff = page.getByRole('dialog', { name: 'Desativar usuário' });
    await expect(askOff).toContainText('Desativar Bruno Caixa?');
    await expect(askOff.getByRole('button', { name: 'Desativar', exact: true })).toBeFocused();
    await expectFits(page, 'Desativar usuário');
    await page.keyboard.press('Escape');
    await expect(askOff).toHaveCount(0);
    expect(app.core.db.prepare(`SELECT active FROM operators WHERE name = 'Bruno Caixa'`).pluck().get()).toBe(1);
    await page.getByRole('button', { name: 'Desativar Bruno Caixa' }).click();
    await askOff.getByRole('button', { name: 'Desativar', exact: true }).press('Enter');
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Bruno Caixa desativado.');
    const bruno = app.core.db.prepare(`SELECT role, active FROM operators WHERE name = 'Bruno Caixa'`).get();
    expect(bruno).toEqual({ role: 'gerente', active: 0 });

    // Auditoria: filter by action and by user.
    await openScreen(page, 'Auditoria');
    const rows = page.getByRole('table', { name: 'Registros de auditoria' }).locator('tbody tr');
    await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Usuário criado' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(rows).toHaveCount(2); // Ana (by the fixture's Gerente) and Bruno
    await expect(rows.filter({ hasNotText: 'Gerente' })).toHaveCount(0); // both created by a Gerente's own session
    await page.getByLabel('Ação', { exact: true }).selectOption({ label: 'Todas' });
    await page.getByLabel('Usuário', { exact: true }).selectOption({ label: 'Ana Caixa' });
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await expect(rows.filter({ hasText: 'Entrada' }).first()).toBeVisible();
    await expect(rows.filter({ hasNotText: 'Ana Caixa' })).toHaveCount(0);
  });
});

test.describe('remover item e F8 como Operador', () => {
  test.use({ appOptions: { login: OPERATOR, beforeOpen: createOperator } });

  test('Delete → Remover → "PIN do gerente" removes once; F8 without approval keeps the sale and says why', async ({ page, app }) => {
    await scanInput(page).fill('7891234567895');
    await scanInput(page).press('Enter');
    await scanInput(page).fill(fixtureProducts[1].ean);
    await scanInput(page).press('Enter');
    const rows = page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)');
    await expect(rows).toHaveCount(2);

    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Remover item' }).getByRole('button', { name: 'Remover' }).click();
    await approveAsManager(page);
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.keyboard.press('F8');
    const confirm = page.getByRole('dialog', { name: 'Cancelar venda' });
    await confirm.getByRole('button', { name: 'Cancelar venda' }).click();
    const overlay = page.getByRole('dialog', { name: 'Aprovação do gerente' });
    await overlay.getByLabel('PIN do gerente').fill('0000');
    await overlay.getByRole('button', { name: 'Aprovar' }).click();
    await expect(overlay.getByRole('alert')).toContainText('PIN incorreto');
    await overlay.getByRole('button', { name: 'Cancelar' }).click();
    await expect(confirm.getByRole('alert')).toHaveText('Ação não realizada: faltou a aprovação do gerente.');
    await confirm.getByRole('button', { name: 'Voltar' }).click();
    await expect(rows).toHaveCount(1);

    const audit = app.core.db.prepare(`SELECT action, operator_name, approver_name FROM audit_log WHERE action LIKE 'venda.%'`).all();
    expect(audit).toEqual([{ action: 'venda.removerItem', operator_name: 'Ana Caixa', approver_name: 'Gerente' }]);
  });
});
