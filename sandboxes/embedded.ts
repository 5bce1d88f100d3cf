import type { Config } from '../core/app/config';
import type { Route } from '../core/host/server';
import { embedHubSandbox } from './hub/embed';
import { embedPaymentSandbox } from './payments/embed';
import { embedPrinterSandbox } from './printer/embed';
import { embedScaleSandbox } from './scale/embed';

/**
 * The embedded defaults: sandboxes that stand in for the partner hub, the
 * payment API and the printer when no real endpoint is configured. Each
 * sandbox adds itself here; a configured real endpoint always wins.
 */
export interface EmbeddedService {
  name: string;
  url: string;
  close(): Promise<void>;
}

export interface Embedded {
  config: Config;
  services: EmbeddedService[];
  /** Pages the browser host mounts (sandbox consoles). */
  routes: Route[];
  close(): Promise<void>;
}

export async function startEmbedded(config: Config, log: (line: string) => void = console.log): Promise<Embedded> {
  const services: EmbeddedService[] = [];
  const routes: Route[] = [];
  const effective: Config = { ...config };

  // Sandboxes register here as they land (hub, payment API, virtual printer, virtual scale).
  const register = { service: (s: EmbeddedService) => services.push(s), route: (r: Route) => routes.push(r) };
  for (const embed of [embedHubSandbox, embedPrinterSandbox, embedPaymentSandbox, embedScaleSandbox]) Object.assign(effective, await embed(effective, register));

  for (const s of services) log(`sandbox ${s.name}: ${s.url}`);
  return {
    config: effective,
    services,
    routes,
    close: async () => {
      await Promise.all(services.map((s) => s.close()));
    },
  };
}
