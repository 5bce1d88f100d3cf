import type { Page } from '@playwright/test';
import { startHubSandbox, type HubSandbox } from '../sandboxes/hub/server';
import { expect, openScreen as open, test } from './fixtures';

/**
 * "Hub Fidelidade (Novo)" in Chromium against the real core and the hub
 * sandbox (its console mounted on the host at /sandbox/hub, faults injected
 * through it over HTTP).
 */

let hub: HubSandbox;
test.use({
  appOptions: {
    catalog: 'none',
    startEmbedded: async (config) => {
      hub = await startHubSandbox({ port: 0 });
      return { config: { ...config, hubUrl: hub.url }, routes: [hub.consoleRoute], close: () => hub.close() };
    },
  },
});

const KEY = 'chave-e2e-' + 'x'.repeat(40) + 'wxyz';

async function openScreen(page: Page) {
  await open(page, 'Hub Fidelidade (Novo)');
  await expect(page.getByRole('heading', { name: 'Hub Fidelidade (Novo)' })).toBeVisible();
}

test('saving settings: an alert names the wrong field and nothing is saved, then success', async ({ page, app }) => {
  await openScreen(page);
  const rows = () => app.core.db.prepare('SELECT * FROM hub_company_settings').all() as { key_sealed: Buffer; environment: number; active: number }[];

  const toggle = page.getByRole('switch', { name: 'Utiliza novo Hub Fidelidade' });
  await expect(toggle).not.toBeChecked();
  await expect(page.getByText('Desmarcado, os fluxos de fidelidade ficam ocultos na venda.', { exact: false })).toBeVisible();
  await toggle.check();

  // No partner yet → alert naming it.
  await page.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Selecione o parceiro do Hub Fidelidade.');

  await page.getByLabel('Parceiro').selectOption({ label: 'Hub Fidelidade Sandbox (Microvix)' });
  await expect(page.getByLabel('Empresa')).toHaveValue('Loja Balcão');
  await expect(page.getByLabel('Empresa')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('CNPJ')).toHaveValue('54.517.628/0015-93');
  await expect(page.getByLabel('CNPJ')).toHaveAttribute('readonly', '');

  // Empty key → alert, focus on the field, nothing saved.
  await page.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Preencha a Chave de Integração.');
  await expect(page.getByLabel('Chave de Integração')).toBeFocused();
  expect(rows()).toEqual([]);

  // 601 characters → alert naming the field and the limit.
  await page.getByLabel('Chave de Integração').fill('k'.repeat(601));
  await page.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Chave de Integração com 601 caracteres: o máximo é 600.');
  expect(rows()).toEqual([]);

  await page.getByLabel('Chave de Integração').fill(KEY);
  await page.getByLabel('Ambiente').selectOption({ label: 'Produção' });
  await page.getByLabel('Ativo').check();
  await page.getByLabel('Chave de Integração').press('Enter');
  const done = page.getByRole('dialog', { name: 'Configurações salvas' });
  await expect(done).toContainText('As configurações do Hub Fidelidade foram salvas com sucesso.');
  await done.getByRole('button', { name: 'OK' }).click();
  await expect(done).toBeHidden();

  const [row] = rows();
  expect(row).toMatchObject({ environment: 1, active: 1 });
  expect(row.key_sealed.includes(Buffer.from(KEY))).toBe(false);
  // The key never comes back in full: the field is empty, the hint masked.
  await expect(page.getByLabel('Chave de Integração')).toHaveValue('');
  await expect(page.getByLabel('Chave de Integração')).toHaveAttribute('placeholder', '••••••••wxyz');
  await expect(page.locator('body')).not.toContainText(KEY);
  await expect(page.getByText('Esta empresa utiliza o novo Hub Fidelidade.')).toBeVisible();
  expect(await app.call('loyalty.status')).toEqual({ hubEnabled: true, ready: true, partnerName: 'Hub Fidelidade Sandbox', environment: 1 });
});

test('"Testar conexão": success in words, then the failure named with the sandbox faulted', async ({ page, app }) => {
  await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: KEY, environment: 0, active: true });
  await openScreen(page);
  const control = (path: string, body: unknown) =>
    fetch(new URL(`sandbox/hub${path}`, app.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-balcao-token': app.host.token }, body: JSON.stringify(body) });

  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Conexão bem-sucedida: o parceiro Hub Fidelidade Sandbox respondeu em \d+ ms \(ambiente Homologação\)\.$/);
  const [received] = hub.control.requests('ConsultarSaldo');
  expect(received.headers).toMatchObject({ authorization: KEY, cnpj: '54517628001593', tipo_ambiente: '0', produto_descricao: 'Microvix' });

  expect((await control('/faults', { route: 'ConsultarSaldo', kind: 'http500' })).ok).toBe(true);
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'HTTP 500' })).toHaveText(
    'Falha de comunicação: O parceiro está com erro interno (HTTP 500) na operação ConsultarSaldo. Tente novamente em instantes.',
  );

  await control('/faults/clear', {});
  await control('/faults', { kind: 'down' });
  await page.getByRole('button', { name: 'Tentar Novamente' }).click();
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'recusada' })).toContainText('Não foi possível conectar ao Hub Fidelidade');
  await expect(page.getByRole('button', { name: 'Fechar' })).toBeVisible();

  await hub.control.setDown(false);
  await page.getByRole('button', { name: 'Tentar Novamente' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Conexão bem-sucedida/);
});

test('the sandbox console is mounted on the host and lists the PINs sent', async ({ page, app }) => {
  await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: KEY, environment: 0, active: true });
  await app.core.services.loyalty.client.enviarPin({ cpf: '52998224725', pinType: 1 });
  await page.goto(new URL('sandbox/hub', app.url).toString());
  await expect(page.getByRole('heading', { name: 'Sandbox do Hub Fidelidade' })).toBeVisible();
  await expect(page.locator('#pins .pin')).toHaveText(hub.control.lastPin('52998224725')!);
  // The requests table shows the Authorization masked, never the integration key (issue 8).
  await expect(page.locator('#requests')).toContainText('••••');
  await expect(page.locator('body')).not.toContainText(KEY);
});

test('the sandbox console needs the session: another browser context (no cookie) gets 401 and no key', async ({ app, browser }) => {
  await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: KEY, environment: 0, active: true });
  await app.core.services.loyalty.client.enviarPin({ cpf: '52998224725', pinType: 1 });
  const stranger = await browser.newContext();
  const res = await stranger.request.get(new URL('sandbox/hub/requests', app.url).toString());
  expect(res.status()).toBe(401);
  expect(await res.text()).not.toContain(KEY);
  await stranger.close();
});

test('1024×768: "Testar conexão" tries the typed key and saves nothing; only "Salvar configurações" saves', async ({ page, app }) => {
  await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: KEY, environment: 0, active: true });
  const saved = () => app.core.db.prepare('SELECT key_sealed, key_hint, environment FROM hub_company_settings').all();
  const before = saved();
  await openScreen(page);

  // A new key typed and tested: the hub receives it, the saved key stays.
  const typed = 'chave-nova-' + 'y'.repeat(40) + 'abcd';
  await page.getByLabel('Chave de Integração').fill(typed);
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Conexão bem-sucedida/);
  expect(hub.control.requests('ConsultarSaldo').at(-1)!.headers).toMatchObject({ authorization: typed });
  expect(saved()).toEqual(before);
  await expect(page.getByLabel('Chave de Integração')).toHaveValue(typed);

  // Leaving without saving and coming back: the saved key is still the old one (the hub gets it).
  await open(page, 'Minhas vendas');
  await openScreen(page);
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Conexão bem-sucedida/);
  expect(hub.control.requests('ConsultarSaldo').at(-1)!.headers).toMatchObject({ authorization: KEY });

  // "Salvar configurações" saves it.
  await page.getByLabel('Chave de Integração').fill(typed);
  await page.getByRole('button', { name: 'Salvar configurações' }).click();
  await expect(page.getByRole('main').getByRole('status')).toBeVisible();
  await expect.poll(() => saved()).not.toEqual(before);
});
