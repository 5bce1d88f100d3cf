import type { Config } from '../../core/app/config';
import type { Route } from '../../core/host/server';
import { scaleRoute } from './page';
import { startVirtualScale } from './server';

/**
 * For `npm start` / `npm run serve`: starts the virtual scale when no scale is
 * configured (BALCAO_SCALE), points the config at it (tcp://127.0.0.1:<port>)
 * and mounts its console at /sandbox/balanca on the browser host. An interface
 * saved in Configurações > "Balança" still wins inside the core.
 */
export async function embedScaleSandbox(
  config: Config,
  add: { service(s: { name: string; url: string; close(): Promise<void> }): void; route(r: Route): void },
): Promise<Config> {
  if (config.scale) return config;
  const scale = await startVirtualScale({ port: Number(process.env.BALCAO_VIRTUAL_SCALE_PORT ?? 0) });
  add.service({ name: 'balança virtual (console em /sandbox/balanca)', url: scale.url, close: () => scale.stop() });
  add.route(scaleRoute(scale));
  return { ...config, scale: scale.url };
}
