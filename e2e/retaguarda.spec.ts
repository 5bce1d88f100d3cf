import AxeBuilder from '@axe-core/playwright';
import * as admin from '../server/src/admin/service';
import type { RunningServer } from '../server/src/app';
import { engineKit, type EngineKit } from '../server/src/testing/harness';
import { expect, openScreen, test } from './fixtures';

/** Configurações > "Retaguarda" against a real Retaguarda server (PGlite) started in the worker. */
let kit: EngineKit;
let server: RunningServer;
let till: { tillId: string; secret: string };

test.beforeAll(async () => {
  kit = await engineKit('pglite');
  server = await kit.start(await kit.freshConfig());
  const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' });
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
