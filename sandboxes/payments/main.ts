/**
 * `npm run sandbox:payments`: the payment API sandbox on its own. Port from
 * PAYMENT_SANDBOX_PORT (default 5192); the console ("Pagar" per open order,
 * faults, clock) on a second port so it stays up while the API is "down"
 * (PAYMENT_SANDBOX_CONSOLE_PORT, default port+1).
 */
import { serveConsole, stopOnSignal } from '../common/standalone';
import { PAYMENT_CONSOLE_BASE, SANDBOX_CREDENTIALS, startPaymentSandbox } from './server';

const port = Number(process.env.PAYMENT_SANDBOX_PORT ?? 5192);
const consolePort = Number(process.env.PAYMENT_SANDBOX_CONSOLE_PORT ?? (port === 0 ? 0 : port + 1));
const sandbox = await startPaymentSandbox({ port, log: (l) => console.log(l) });
const console_ = await serveConsole(sandbox.consoleRoute, { port: consolePort, base: PAYMENT_CONSOLE_BASE });
console.log(`Sandbox API de Pagamento: ${sandbox.url}`);
console.log(`Console (Pagar, falhas, relógio): ${console_.url}`);
console.log(`Use no Balcão: BALCAO_PAYMENT_URL=${sandbox.url} (Access Key ${SANDBOX_CREDENTIALS.accessKey}, Secret Key ${SANDBOX_CREDENTIALS.secretKey}, Client ID ${SANDBOX_CREDENTIALS.clientId})`);
stopOnSignal(console_, () => sandbox.close());
