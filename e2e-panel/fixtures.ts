/**
 * Panel e2e fixtures: a real store server (PGlite in a temp folder, port 0) per test with one store per
 * name in `stores`, two caixas in the first, and one panel user per role (password PASSWORD). Sales reach
 * the server the way a till sends them: signed HTTP batches (shared/retaguarda/client) with each caixa's
 * credential.
 *
 *   test('…', async ({ page, panel }) => { await panel.login(page, 'admin'); … });
 */
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server/src/app';
import * as admin from '../server/src/admin/service';
import { createPanelUser } from '../server/src/panel/auth';
import { createRetaguardaClient, type RetaguardaClient } from '../shared/retaguarda/client';

export const PASSWORD = 'senha-forte-123';
export const EMAILS = {
  admin: 'admin@loja.com.br',
  gerente: 'gerente@loja.com.br',
  operador: 'operador@loja.com.br',
  visualizador: 'visual@loja.com.br',
} as const;
export type Who = keyof typeof EMAILS;

export interface PanelApp {
  server: RunningServer;
  url: string;
  storeId: string;
  otherStoreId: string;
  tills: { tillId: string; secret: string; client: RetaguardaClient }[];
  /** Opens the panel and signs in through the screen. */
  login(page: Page, who: Who): Promise<void>;
}

export const test = base.extend<{ panel: PanelApp }>({
  panel: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'painel-e2e-'));
    const server = await startServer({ dataDir, databaseUrl: null, port: 0, host: '127.0.0.1', signatureWindowMs: 5 * 60_000 });
    const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj: '54517628001593' });
    const { storeId: otherStoreId } = await admin.createStore(server.db, { name: 'Loja Norte', cnpj: '11222333000181' });
    const tills = [];
    for (const name of ['Caixa 1', 'Caixa 2']) {
      const t = await admin.createTill(server.db, { storeId, name });
      tills.push({ ...t, client: createRetaguardaClient({ url: server.url, ...t }) });
    }
    await createPanelUser(server.db, { email: EMAILS.admin, name: 'Dona Ana', role: 'administrador', password: PASSWORD });
    await createPanelUser(server.db, { email: EMAILS.gerente, name: 'Gerente Centro', role: 'gerente', password: PASSWORD, storeIds: [storeId] });
    await createPanelUser(server.db, { email: EMAILS.operador, name: 'Operador', role: 'operador', password: PASSWORD });
    await createPanelUser(server.db, { email: EMAILS.visualizador, name: 'Visualizador', role: 'visualizador', password: PASSWORD });
    const app: PanelApp = {
      server,
      url: server.url,
      storeId,
      otherStoreId,
      tills,
      async login(page, who) {
        await page.goto(`${server.url}/painel/`);
        await page.getByLabel('E-mail').fill(EMAILS[who]);
        await page.getByLabel('Senha').fill(PASSWORD);
        await page.getByRole('button', { name: 'Entrar' }).click();
        await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible();
      },
    };
    await use(app);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
