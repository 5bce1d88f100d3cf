import type { Config } from '../../core/app/config';
import type { Route } from '../../core/host/server';
import { SANDBOX_CREDENTIALS, startPaymentSandbox } from './server';

/**
 * For `npm start` / `npm run serve`: starts the payment API sandbox when no
 * real one is configured (BALCAO_PAYMENT_URL), points the config at it (with
 * its demo credentials, used only while none are saved in "Pagamentos") and
 * mounts its console at /sandbox/pagamentos on the browser host.
 */
export async function embedPaymentSandbox(
  config: Config,
  add: { service(s: { name: string; url: string; close(): Promise<void> }): void; route(r: Route): void },
): Promise<Config> {
  if (config.paymentUrl) return config;
  const sandbox = await startPaymentSandbox({ port: 0 });
  add.service({ name: 'api de pagamento (console em /sandbox/pagamentos)', url: sandbox.url, close: () => sandbox.close() });
  add.route(sandbox.consoleRoute);
  return { ...config, paymentUrl: sandbox.url, paymentSandboxCredentials: SANDBOX_CREDENTIALS };
}
