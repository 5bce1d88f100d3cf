/**
 * E2E fixtures: every test gets its own real core (SQLite in a temp dir) and
 * browser host on 127.0.0.1:0, started IN the Playwright worker, and a `page`
 * already open on the app and READY (body[data-ready="true"], set once the
 * open sale is loaded) — no sleeps.
 *
 *   import { test, expect } from './fixtures';
 *   test('…', async ({ page, app }) => { …; app.core.db.prepare('SELECT …').all() });
 *
 * Extending (other capabilities' specs):
 *   test.use({ appOptions: {
 *     config: { hubUrl: 'http://127.0.0.1:1234' },        // merged over the test config
 *     startEmbedded: async (config) => ({ config, routes: [...], close }),  // your sandboxes
 *     coreOptions: { now: () => new Date('2026-01-01T12:00:00Z') },
 *     catalog: 'none',                                       // skip the fixture catalog
 *     beforeOpen: async (app) => { await app.call('…', {…}) }, // seed before the page loads
 *     shift: false,                                          // do not open the shift (caixa) first
 *   } });
 * By default the app's own embedded defaults (sandboxes/embedded.ts) start, as in `npm run serve`.
 *
 * Login: the config's adminPin defaults to E2E_ADMIN_PIN ('123456'), so the Gerente "Gerente" exists, and the
 * fixture logs in as "Gerente" through the core BEFORE the page opens (specs need not log in). Options:
 *   appOptions: { login: false }                          // the login screen shows (body[data-gate="login"])
 *   appOptions: { login: { user: 'Ana', pin: '1111' } }   // log in as a user created in beforeOpen
 *   appOptions: { config: { adminPin: null } }            // a fresh database: "Primeiro acesso"
 */
import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportReport } from '../shared/api/catalog';
import { createCore, type Core, type CoreOptions } from '../core/app/compose';
import { byteChunks, importCatalogStream } from '../core/catalog/stream-import';
import { loadConfig, type Config } from '../core/app/config';
import { projectRoot } from '../core/app/paths';
import { exportsRoute } from '../core/exports/route';
import { startHost, type Host, type Route } from '../core/host/server';
import { startEmbedded as startAppEmbedded } from '../sandboxes/embedded';
import { fixtureCatalogCsv } from './catalog';

export interface EmbeddedStarted {
  config: Config;
  routes?: Route[];
  close?: () => Promise<void>;
}

export interface AppOptions {
  /** Overrides over the test config (temp data dir, port 0, no sample catalog). */
  config?: Partial<Config>;
  /** Starts the sandboxes; may change the config (URLs) and add host routes. Default: sandboxes/embedded.ts. */
  startEmbedded?: (config: Config) => Promise<EmbeddedStarted>;
  /** Extra createCore options (clock, ids…). */
  coreOptions?: Partial<Omit<CoreOptions, 'config'>>;
  /** 'fixture' (default) imports e2e/catalog.ts's 20 products before the page opens. */
  catalog?: 'fixture' | 'none';
  /** Runs after the core is up and the catalog imported, before the page opens (seed rows, settings…). */
  beforeOpen?: (app: App) => Promise<void> | void;
  /** Who is logged in when the page opens: default "Gerente" (E2E_ADMIN_PIN); false = nobody (login screen). */
  login?: false | { user: string; pin: string };
  /** Default true: the shift ("Abertura de caixa", R$ 0,00 float) is opened through the core before the page opens. */
  shift?: boolean;
}

/** The Gerente "Gerente"'s PIN in e2e (config adminPin). */
export const E2E_ADMIN_PIN = '123456';

export interface App {
  core: Core;
  host: Host;
  config: Config;
  dataDir: string;
  url: string;
  /** Imports a CSV (text) through the real API, as the import screen does. */
  importCatalog(csv?: string): Promise<ImportReport>;
  /** Calls the core directly (the same dispatch the host serves); throws on an error value. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** Opens the app in `page` through a fresh one-time login URL (as `npm start` prints) and waits for its ready signal. */
  open(page: Page): Promise<void>;
}

export const test = base.extend<{ appOptions: AppOptions; app: App }>({
  appOptions: [{}, { option: true }],

  app: async ({ appOptions }, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-e2e-'));
    const baseConfig: Config = {
      ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0' }),
      adminPin: E2E_ADMIN_PIN,
      ...appOptions.config,
    };
    const logs: string[] = [];
    const log = (line: string) => logs.push(line);
    const embedded: EmbeddedStarted = appOptions.startEmbedded
      ? await appOptions.startEmbedded(baseConfig)
      : await startAppEmbedded(baseConfig, log);
    const core = createCore({ shell: 'test', log, ...appOptions.coreOptions, config: embedded.config });
    const host: Host = await startHost({
      dispatch: core.dispatch,
      events: core.events,
      staticDir: path.join(projectRoot, 'dist', 'renderer'),
      port: 0,
      routes: [...(embedded.routes ?? []), exportsRoute(core.services.exports)],
      dataDir: embedded.config.dataDir,
      signedIn: () => core.services.users.session() !== null,
    });

    const call = async <T,>(method: string, input: unknown = {}): Promise<T> => {
      const r = await core.dispatch(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };
    const app: App = {
      core,
      host,
      config: embedded.config,
      dataDir,
      url: host.url,
      call,
      importCatalog: async (csv = fixtureCatalogCsv()) => {
        if (!core.services.retaguardaSettings.paired()) {
          return call<ImportReport>('catalog.import', { fileName: 'catalogo.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') });
        }
        // A till paired with the Retaguarda refuses catalog.import (the server owns the catalog): the fixture
        // products go straight into SQLite, after the start-up pull (the catalog snapshot) is over.
        await core.services.retaguardaPull.pull().catch(() => 0);
        const bytes = Buffer.from(csv, 'utf8');
        return importCatalogStream(core.db, () => byteChunks(bytes), { now: () => new Date(), totalBytes: bytes.length });
      },
      open: async (page) => {
        // As a person does: the one-time login URL (the production path) gives this browser its session cookie.
        await page.goto(host.loginUrl());
        await page.locator('body[data-ready="true"], body[data-gate="login"], body[data-gate="first-access"]').first().waitFor();
      },
    };
    const loginAs = async (name: string, pin: string) => {
      const state = await call<{ users: { id: number; name: string }[] }>('users.state');
      const user = state.users.find((u) => u.name === name);
      if (!user) throw new Error(`e2e login: usuário "${name}" não existe`);
      await call('users.login', { userId: user.id, pin });
    };
    const adminPin = embedded.config.adminPin;
    if (adminPin) await loginAs('Gerente', adminPin);
    // A fresh database (no adminPin) answers nothing but the public methods until "Primeiro acesso".
    if (adminPin && (appOptions.catalog ?? 'fixture') === 'fixture') await app.importCatalog();
    if (adminPin && appOptions.shift !== false) await call('shifts.open', { floatCents: 0 });
    await appOptions.beforeOpen?.(app);
    if (appOptions.login === false) await call('users.logout');
    else if (appOptions.login) await loginAs(appOptions.login.user, appOptions.login.pin);

    await use(app);

    await host.close();
    await embedded.close?.();
    core.close();
    if (testInfo.status !== testInfo.expectedStatus && logs.length) {
      await testInfo.attach('core-log', { body: logs.join('\n'), contentType: 'text/plain' });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  },

  page: async ({ page, app }, use) => {
    await app.open(page);
    await use(page);
  },
});

export { expect };

/** The sale screen's always-focused field. */
export const scanInput = (page: Page) => page.getByLabel('Código ou EAN', { exact: true });

/** Screens listed under "Configurações" (renderer/src/nav.tsx: group 'settings'). */
const SETTINGS_MENU = ['Importar catálogo', 'Impressora', 'Hub Fidelidade (Novo)', 'Usuários', 'Auditoria', 'Pagamentos', 'Balança', 'Retaguarda'];

/**
 * Opens a screen through the top menu, as a person would: a top-level entry
 * ("Venda", "Minhas vendas") or one under "Configurações" ("Importar
 * catálogo", "Impressora", "Hub Fidelidade (Novo)"). Waits for the screen.
 */
export async function openScreen(page: Page, title: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  // Where the entry lives is known (renderer/src/nav.tsx, group 'settings'), never guessed from what the DOM
  // holds at one instant: right after "Abrir caixa" the bar may not be drawn yet, and a count() of 0 sent
  // "Relatório do dia" to the Configurações menu (a flake on a busy machine).
  if (!SETTINGS_MENU.includes(title)) await nav.getByRole('button', { name: title, exact: true }).click();
  else {
    await nav.getByRole('button', { name: 'Configurações', exact: true }).click();
    await nav.getByRole('menu', { name: 'Configurações' }).getByRole('menuitem', { name: title, exact: true }).click();
  }
  await expect(page.getByRole('main', { name: title })).toBeVisible();
}
