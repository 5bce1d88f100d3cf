import AxeBuilder from '@axe-core/playwright';
import type { PaymentSandbox } from '../sandboxes/payments/server';
import { expect, openScreen, scanInput, test } from './fixtures';
import { withPaymentSandbox } from './payment-sandbox';

test('Pagamentos: salva credenciais (Secret Key selada, nunca mostrada), alerta nomeando o campo, Testar conexão lista as carteiras', async ({ page, app }) => {
  await openScreen(page, 'Pagamentos');
  const screen = page.getByRole('main', { name: 'Pagamentos' });
  await screen.getByLabel('Endereço da API').fill('ftp://api');
  await screen.getByLabel('Access Key').fill('ak-loja-123');
  await screen.getByLabel('Secret Key').fill('segredo-muito-secreto-9876');
  await screen.getByLabel('Client ID').fill('caixa-02');
  await screen.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(screen.getByRole('alert')).toContainText('Endereço da API');
  await expect(screen.getByLabel('Endereço da API')).toBeFocused();
  const { violations } = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await screen.getByLabel('Endereço da API').fill('');
  await screen.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(screen.getByRole('status')).toHaveText('Configurações de pagamento salvas.');
  await expect(screen.getByLabel('Secret Key')).toHaveValue('');
  await expect(screen.getByLabel('Secret Key')).toHaveAttribute('placeholder', '••••••••9876');
  const stored = app.core.db.prepare(`SELECT group_concat(value, '|') AS v FROM settings WHERE key LIKE 'payments.%'`).get() as { v: string };
  expect(stored.v).not.toContain('segredo-muito-secreto');

  await screen.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(screen.getByRole('status')).toContainText('Conexão OK', { timeout: 15_000 });
  await expect(screen.getByRole('status')).toContainText('Pix');
});

test('Formas de pagamento: só as habilitadas aparecem no pagamento', async ({ page }) => {
  await openScreen(page, 'Pagamentos');
  const screen = page.getByRole('main', { name: 'Pagamentos' });
  await screen.getByRole('checkbox', { name: /^Cheque/ }).uncheck();
  await screen.getByRole('checkbox', { name: /^Outros/ }).uncheck();
  await screen.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(screen.getByRole('status')).toHaveText('Configurações de pagamento salvas.');
  await openScreen(page, 'Venda');
  await scanInput(page).fill('7891234567895');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-total')).not.toHaveText('R$ 0,00');
  await page.keyboard.press('F10');
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await expect(pay.getByRole('button', { name: 'Vale Refeição' })).toBeVisible();
  await expect(pay.getByRole('button', { name: 'Cheque' })).toHaveCount(0);
  await expect(pay.getByRole('button', { name: 'Outros' })).toHaveCount(0);
});

test.describe('Testar conexão saves nothing', () => {
  let sandbox: PaymentSandbox;
  test.use({
    appOptions: {
      startEmbedded: withPaymentSandbox((s) => (sandbox = s)),
      beforeOpen: (app) => app.call('payments.settings.save', { baseUrl: '', accessKey: 'ak-guardada', secretKey: 'sk-guardada-1234', clientId: 'caixa-01', wallet: '', forms: [1, 3, 4, 17] }),
    },
  });

  test('1024×768: "Testar conexão" tries the typed Access Key and saves nothing; only "Salvar configurações" saves', async ({ page, app }) => {
    const saved = () => app.core.db.prepare(`SELECT key, value FROM settings WHERE key LIKE 'payments.%' ORDER BY key`).all();
    const before = saved();
    await openScreen(page, 'Pagamentos');
    let screen = page.getByRole('main', { name: 'Pagamentos' });
    await expect(screen.getByLabel('Access Key')).toHaveValue('ak-guardada');

    // Another Access Key typed and tested: the API receives it (with the stored Secret Key), nothing is saved.
    await screen.getByLabel('Access Key').fill('ak-digitada');
    await screen.getByRole('button', { name: 'Testar conexão' }).click();
    await expect(screen.getByRole('status')).toContainText('Conexão OK');
    expect(sandbox.control.requests('pdvauth').at(-1)!.body).toEqual({ access_key: 'ak-digitada', secret_key: 'sk-guardada-1234', client_id: 'caixa-01' });
    expect(saved()).toEqual(before);

    // A reload shows the saved value, unchanged.
    await app.open(page);
    await openScreen(page, 'Pagamentos');
    screen = page.getByRole('main', { name: 'Pagamentos' });
    await expect(screen.getByLabel('Access Key')).toHaveValue('ak-guardada');

    // A typed field that is wrong is refused like "Salvar" would (field named and focused); nothing is sent.
    const sent = sandbox.control.requests().length;
    await screen.getByLabel('Endereço da API').fill('http://127.0.0.1:9');
    await screen.getByRole('button', { name: 'Testar conexão' }).click();
    await expect(screen.getByRole('alert')).toHaveText(/O endereço da API mudou: digite a Secret Key de novo/);
    await expect(screen.getByLabel('Secret Key')).toBeFocused();
    expect(sandbox.control.requests()).toHaveLength(sent);
    expect(saved()).toEqual(before);

    // "Salvar configurações" saves.
    await screen.getByLabel('Endereço da API').fill('');
    await screen.getByLabel('Access Key').fill('ak-digitada');
    await screen.getByRole('button', { name: 'Salvar configurações' }).click();
    await expect(screen.getByRole('status')).toHaveText('Configurações de pagamento salvas.');
    expect(app.core.services.payments.settings.connection()).toMatchObject({ accessKey: 'ak-digitada', secretKey: 'sk-guardada-1234' });
  });
});
