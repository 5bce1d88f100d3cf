/**
 * E2E kit for loyalty at the counter: a hub sandbox of the test (its request
 * log is what the specs assert on), the app pointed at it, the hub switched on
 * and the sandbox's customers in the local registry before the page opens.
 */
import type { Page } from '@playwright/test';
import { startHubSandbox, type HubSandbox } from '../sandboxes/hub/server';
import { startEmbedded } from '../sandboxes/embedded';
import { sampleCustomersFile } from '../core/app/paths';
import { TOKEN } from '../test-support/hub-kit';
import { expect, scanInput, type AppOptions } from './fixtures';

export interface HubRef {
  hub: HubSandbox;
}

export function hubAppOptions(ref: Partial<HubRef>, o: { hubOn?: boolean } = {}): AppOptions {
  return {
    coreOptions: { loyaltyTimeouts: { campaignMs: 5000, deliveryMs: 8000 }, hubTimeoutMs: 3000 },
    startEmbedded: async (config) => {
      const hub = await startHubSandbox({ port: 0 });
      ref.hub = hub;
      const rest = await startEmbedded({ ...config, hubUrl: hub.url }, () => {});
      return { config: rest.config, routes: [...rest.routes, hub.consoleRoute], close: async () => (await rest.close(), await hub.close()) };
    },
    beforeOpen: async (app) => {
      app.core.services.counter.loadSampleCustomers(sampleCustomersFile);
      if (o.hubOn !== false) {
        await app.call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
      }
    },
  };
}

/** "Identificar cliente" → CPF → the result panel (known customer). */
export async function identify(page: Page, cpf: string) {
  await page.getByRole('button', { name: 'Identificar cliente' }).click();
  const dlg = page.getByRole('dialog', { name: 'Identificar cliente' });
  await dlg.getByLabel('CPF').fill(cpf);
  await dlg.getByRole('button', { name: 'Identificar' }).click();
}

export async function scan(page: Page, text: string, lines: number) {
  await expect(scanInput(page)).toBeFocused();
  await page.keyboard.type(text + '\n');
  await expect(page.getByRole('table', { name: 'Itens da venda' }).locator('tbody tr:not(.empty-row)')).toHaveCount(lines);
}

/** Payment dialog → Dinheiro with `received`. */
export async function payCash(page: Page, received: string) {
  const pay = page.getByRole('dialog', { name: 'Pagamento' });
  await pay.getByRole('button', { name: 'Dinheiro', exact: true }).click();
  await pay.getByLabel('Valor recebido').fill(received);
  await pay.getByLabel('Valor recebido').press('Enter');
  await expect(pay.getByRole('button', { name: 'Finalizar' })).toBeEnabled();
  return pay;
}

export const bodies = (hub: HubSandbox, route: Parameters<HubSandbox['control']['requests']>[0]) =>
  hub.control.requests(route).map((r) => r.body as Record<string, unknown>);
