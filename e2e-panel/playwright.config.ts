import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

process.env.BALCAO_PW_OUTPUT ??= process.env.CI ? 'test-results' : path.join(os.tmpdir(), `balcao-pw-${process.pid}`);

/**
 * E2E of the Painel da retaguarda against the BUILT panel (`npm run build:panel`) served by the real store
 * server (PGlite in a temp folder, 127.0.0.1 port 0), started in the Playwright worker (fixtures.ts).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: path.join(process.env.BALCAO_PW_OUTPUT, 'panel'),
  timeout: 180_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
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
