import { defineConfig } from '@playwright/test';
import type { Engine } from '../server/src/testing/harness';
import os from 'node:os';
import path from 'node:path';

process.env.BALCAO_PW_OUTPUT ??= process.env.CI ? 'test-results' : path.join(os.tmpdir(), `balcao-pw-${process.pid}`);

/**
 * E2E of the Painel da retaguarda against the BUILT panel (`npm run build:panel`) served by the real store
 * server (127.0.0.1 port 0), started in the Playwright worker (fixtures.ts) — twice: project "pglite" (the
 * embedded default) and project "postgresql" (a throwaway PostgreSQL 15 cluster per worker, one database per
 * test; Debian's binaries under /usr/lib/postgresql/15/bin or RETAGUARDA_PG_BIN).
 */
export default defineConfig<object, { engine: Engine }>({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: path.join(process.env.BALCAO_PW_OUTPUT, 'panel'),
  timeout: 180_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  projects: [
    { name: 'pglite', use: { engine: 'pglite' } },
    { name: 'postgresql', use: { engine: 'postgres' } },
  ],
  forbidOnly: !!process.env.CI,
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.BALCAO_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
