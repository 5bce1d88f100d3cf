/**
 * Panel e2e fixtures: a real store server (PGlite in a temp folder, or — project "postgresql" — a fresh
 * database on a throwaway PostgreSQL 15 cluster started once per worker, server/src/testing/harness.ts; port 0) per test with one store per
 * name in `stores`, two caixas in the first, and one panel user per role (password PASSWORD). Sales reach
 * the server the way a till sends them: signed HTTP batches (shared/retaguarda/client) with each caixa's
 * credential.
 *
 *   test('…', async ({ page, panel }) => { await panel.login(page, 'admin'); … });
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { type RunningServer } from '../server/src/app';
import { engineKit, type Engine, type EngineKit } from '../server/src/testing/harness';
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

export const test = base.extend<{ panel: PanelApp }, { engine: Engine; kit: EngineKit }>({
  /** Set per project in playwright.config.ts: 'pglite' (npm run server's default) or 'postgres'. */
  engine: ['pglite', { option: true, scope: 'worker' }],
  kit: [
    async ({ engine }, use) => {
      const kit = await engineKit(engine);
      await use(kit);
      kit.dispose();
    },
    { scope: 'worker' },
  ],
  panel: async ({ kit }, use) => {
    const server = await kit.start(await kit.freshConfig());
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
  },
});

export { expect };

/** axe on the page as it is: no serious or critical violation. */
export async function axe(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
