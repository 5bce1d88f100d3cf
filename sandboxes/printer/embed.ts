import type { Config } from '../../core/app/config';
import type { Route } from '../../core/host/server';
import { printerRoute } from './page';
import { startVirtualPrinter } from './server';

/**
 * For `npm start` / `npm run serve`: starts the virtual printer when no real
 * printer is configured (BALCAO_PRINTER), points the config at it and mounts
 * its page at /sandbox/printer on the browser host. An interface saved in the
 * "Impressora" settings still wins inside the core.
 */
export async function embedPrinterSandbox(
  config: Config,
  add: { service(s: { name: string; url: string; close(): Promise<void> }): void; route(r: Route): void },
): Promise<Config> {
  if (config.printer) return config;
  const printer = await startVirtualPrinter({ port: Number(process.env.BALCAO_VIRTUAL_PRINTER_PORT ?? 0) });
  add.service({ name: 'impressora virtual (cupons em /sandbox/printer)', url: printer.url, close: () => printer.stop() });
  add.route(printerRoute(printer));
  return { ...config, printer: printer.url };
}
