import type { Config } from '../../core/app/config';
import type { Route } from '../../core/host/server';
import { startHubSandbox } from './server';

/**
 * For `npm start` / `npm run serve`: starts the hub sandbox when no real hub
 * is configured (BALCAO_HUB_URL), points the config at it and mounts its
 * console at /sandbox/hub on the browser host. A partner base URL saved in
 * the settings still wins inside the core.
 */
export async function embedHubSandbox(
  config: Config,
  add: { service(s: { name: string; url: string; close(): Promise<void> }): void; route(r: Route): void },
): Promise<Config> {
  if (config.hubUrl) return config;
  const hub = await startHubSandbox({ port: 0 });
  add.service({ name: 'hub-fidelidade (console em /sandbox/hub)', url: hub.url, close: () => hub.close() });
  add.route(hub.consoleRoute);
  return { ...config, hubUrl: hub.url };
}
