import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

// Several people/agents may run the suite at once in one checkout: outside CI
// each run writes its artifacts to its own folder (inherited by the workers).
process.env.BALCAO_PW_OUTPUT ??= process.env.CI ? 'test-results' : path.join(os.tmpdir(), `balcao-pw-${process.pid}`);

/**
 * E2E against the BUILT renderer (`npm run build:renderer` first) served by the
 * real browser host; each test starts its own core + host in the worker
 * (see e2e/fixtures.ts), on 127.0.0.1 port 0.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  outputDir: process.env.BALCAO_PW_OUTPUT,
  // Budgets with margin: the suite must pass on a busy 2-core machine (two `npm test` at once). These are
  // upper bounds only — every wait is on an explicit signal (DOM state, event), never on time.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  use: {
    viewport: { width: 1024, height: 768 },
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.BALCAO_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
