import type { Config } from '../core/app/config';
import { startEmbedded } from '../sandboxes/embedded';
import { startPaymentSandbox, type PaymentSandbox } from '../sandboxes/payments/server';
import type { EmbeddedStarted } from './fixtures';

/**
 * appOptions.startEmbedded with a payment sandbox of the spec's own (the test drives it and reads what it
 * received; `started` hands it over), demo credentials ak / sk / caixa-01, its console mounted; the other
 * embedded defaults as usual.
 */
export function withPaymentSandbox(started: (sandbox: PaymentSandbox) => void): (config: Config) => Promise<EmbeddedStarted> {
  return async (config) => {
    const sandbox = await startPaymentSandbox({ port: 0, refundSettleMs: 0 });
    started(sandbox);
    const rest = await startEmbedded({ ...config, paymentUrl: sandbox.url }, () => {});
    return {
      config: { ...rest.config, paymentSandboxCredentials: { accessKey: 'ak', secretKey: 'sk', clientId: 'caixa-01' } },
      routes: [...rest.routes, sandbox.consoleRoute],
      close: async () => {
        await rest.close();
        await sandbox.close();
      },
    };
  };
}
