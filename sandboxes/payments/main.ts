/**
 * `npm run sandbox:payments`: the payment API sandbox on its own. Port from
 * PAYMENT_SANDBOX_PORT (default 5192); the console ("Pagar" per open order,
 * faults, clock) on a second port so it stays up while the API is "down"
 * (PAYMENT_SANDBOX_CONSOLE_PORT, default port+1).
 */
import http from 'node:http';
import { PAYMENT_CONSOLE_BASE, SANDBOX_CREDENTIALS, startPaymentSandbox } from './server';

const port = Number(process.env.PAYMENT_SANDBOX_PORT ?? 5192);
const consolePort = Number(process.env.PAYMENT_SANDBOX_CONSOLE_PORT ?? (port === 0 ? 0 : port + 1));
const sandbox = await startPaymentSandbox({ port, log: (l) => console.log(l) });
const consoleServer = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(302, { location: PAYMENT_CONSOLE_BASE });
    res.end();
    return;
  }
  void sandbox.consoleRoute(req, res, url).then((handled) => {
    if (!handled) {
      res.writeHead(404);
      res.end('não encontrado');
    }
  });
});
await new Promise<void>((r) => consoleServer.listen(consolePort, '127.0.0.1', () => r()));
const cp = (consoleServer.address() as { port: number }).port;
console.log(`Sandbox API de Pagamento: ${sandbox.url}`);
console.log(`Console (Pagar, falhas, relógio): http://127.0.0.1:${cp}${PAYMENT_CONSOLE_BASE}`);
console.log(`Use no Balcão: BALCAO_PAYMENT_URL=${sandbox.url} (Access Key ${SANDBOX_CREDENTIALS.accessKey}, Secret Key ${SANDBOX_CREDENTIALS.secretKey}, Client ID ${SANDBOX_CREDENTIALS.clientId})`);
const stop = async () => {
  consoleServer.close();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
