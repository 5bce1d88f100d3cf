import AxeBuilder from '@axe-core/playwright';
import { SERVER_OWNED_MESSAGE } from '../shared/api/retaguarda';
import * as admin from '../server/src/admin/service';
import { setStoreSettings } from '../server/src/admin/settings';
import type { RunningServer } from '../server/src/app';
import { engineKit, type EngineKit } from '../server/src/testing/harness';
import { expectFits } from './fit';
import { expect, openScreen, test } from './fixtures';

/** Configurações > "Retaguarda" against a real Retaguarda server (PGlite) started in the worker. */
let kit: EngineKit;
let server: RunningServer;
let till: { tillId: string; secret: string };
let storeIdOf: string;

test.beforeAll(async () => {
  kit = await engineKit('pglite');
  server = await kit.start(await kit.freshConfig());
  const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' });
  storeIdOf = storeId;
  till = await admin.createTill(server.db, { storeId, name: 'Caixa 1' });
});
test.afterAll(async () => {
  await server?.close();
  kit?.dispose();
});

test('Retaguarda: "Conectar" recusa o segredo errado nomeando o campo, conecta com o certo e guarda o segredo cifrado', async ({ page, app }) => {
  await openScreen(page, 'Retaguarda');
  const screen = page.getByRole('main', { name: 'Retaguarda' });
  await expect(screen).toContainText('Este caixa trabalha sozinho.');
  await screen.getByLabel('Servidor').fill(server.url);
  await screen.getByLabel('Caixa', { exact: true }).fill(till.tillId);
  await screen.getByLabel('Segredo').fill('x'.repeat(43));
  await screen.getByRole('button', { name: 'Conectar' }).click();
  await expect(screen.getByRole('alert')).toHaveText('Não foi possível conectar: Credencial do caixa inválida: confira o segredo em Configurações > Retaguarda.');
  await expect(screen.getByLabel('Segredo')).toBeFocused();
  const { violations } = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await screen.getByLabel('Segredo').fill(till.secret);
  await screen.getByRole('button', { name: 'Conectar' }).click();
  await expect(screen.getByRole('status')).toHaveText('Conectado à retaguarda. As vendas deste caixa serão enviadas pela Sincronização.');
  await expect(screen).toContainText('Pareado: Caixa 1 da Loja Centro.');
  await expect(screen.getByLabel('Segredo')).toHaveValue('');
  const stored = app.core.db.prepare(`SELECT group_concat(value, '|') AS v FROM settings WHERE key LIKE 'retaguarda.%'`).get() as { v: string };
  expect(stored.v).not.toContain(till.secret);
  expect(stored.v).toContain(till.tillId);
});

test('Ligado à retaguarda: Usuários, Importar catálogo, Pagamentos e Impressora mostram onde alterar o que é da loja, e o que é do caixa segue editável', async ({ page, app }) => {
  const t = await admin.createTill(server.db, { storeId: storeIdOf, name: 'Caixa 2' });
  const r = await app.core.dispatch('retaguarda.connect', { url: server.url, tillId: t.tillId, secret: t.secret });
  expect(r.ok).toBe(true);
  await setStoreSettings(server.db, storeIdOf, { paymentForms: [1, 3, 4, 17], receiptHeader: { storeName: 'Loja Centro', storeCnpj: '54517628001593', storeAddress: 'Rua A, 10' } });
  await app.core.services.retaguardaPull.pull();

  await openScreen(page, 'Usuários');
  const users = page.getByRole('main', { name: 'Usuários' });
  await expect(users.getByRole('note').first()).toHaveText(SERVER_OWNED_MESSAGE.users);
  await expect(users.getByRole('button', { name: 'Redefinir PIN de Gerente' })).toBeDisabled();
  await expect(users.getByRole('button', { name: 'Criar usuário' })).toHaveCount(0);
  await expect(users.getByLabel('Limite de desconto sem gerente (%)')).not.toBeEditable();
  await expect(users.getByLabel('Bloquear após inatividade (minutos)')).toBeEditable(); // the till's own
  const { violations } = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await expectFits(page, 'Usuários (ligado à retaguarda)');

  await openScreen(page, 'Importar catálogo');
  const importing = page.getByRole('main', { name: 'Importar catálogo' });
  await expect(importing.getByRole('note')).toHaveText(SERVER_OWNED_MESSAGE.catalog);
  await expect(importing.getByRole('button', { name: 'Importar' })).toBeDisabled();

  await openScreen(page, 'Pagamentos');
  const payments = page.getByRole('main', { name: 'Pagamentos' });
  await expect(payments.getByRole('note')).toHaveText(SERVER_OWNED_MESSAGE.paymentForms);
  await expect(payments.getByRole('checkbox', { name: /^PIX \(17\)/ })).toBeChecked();
  await expect(payments.getByRole('checkbox', { name: /^Cheque/ })).not.toBeChecked();
  await expect(payments.getByRole('checkbox', { name: /^Cheque/ })).toBeDisabled();
  await expectFits(page, 'Pagamentos (ligado à retaguarda)');

  await openScreen(page, 'Impressora');
  const printer = page.getByRole('main', { name: 'Impressora' });
  await expect(printer.getByRole('note')).toHaveText(SERVER_OWNED_MESSAGE.receiptHeader);
  await expect(printer.getByLabel('Endereço no cupom')).toHaveValue('Rua A, 10');
  await expect(printer.getByLabel('Endereço no cupom')).not.toBeEditable();
  await expectFits(page, 'Impressora (ligado à retaguarda)');
  await printer.getByLabel('Papel', { exact: true }).selectOption('58');
  await printer.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(printer.getByRole('status')).toHaveText('Configurações da impressora salvas.');
  expect(app.core.services.printing.settings().paperMm).toBe(58);
});
