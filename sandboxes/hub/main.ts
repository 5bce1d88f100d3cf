/**
 * `npm run sandbox:hub`: the hub sandbox on its own. Port from HUB_SANDBOX_PORT
 * (default 5190); the console (PINs, faults) is served on a second port so it
 * stays reachable while the hub is "down" (HUB_SANDBOX_CONSOLE_PORT, default port+1).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { guardConsole } from '../../core/host/guard';
import { startHubSandbox } from './server';

const port = Number(process.env.HUB_SANDBOX_PORT ?? 5190);
const consolePort = Number(process.env.HUB_SANDBOX_CONSOLE_PORT ?? (port === 0 ? 0 : port + 1));
// HUB_SANDBOX_QUIET=1: no line per request (the sync bench drains thousands a second through a pipe).
const quiet = process.env.HUB_SANDBOX_QUIET === '1';
const hub = await startHubSandbox({ port, log: quiet ? () => {} : (l) => console.log(l) });
// The console needs this per-start token (given once in the printed URL, then kept as a session cookie).
const consoleToken = randomBytes(24).toString('hex');
const consoleRoute = guardConsole(hub.consoleRoute, { port: () => (consoleServer.address() as { port: number }).port, token: consoleToken });
const consoleServer = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(302, { location: '/sandbox/hub' });
    res.end();
    return;
  }
  void Promise.resolve(consoleRoute(req, res, url)).then((handled) => {
    if (!handled) {
      res.writeHead(404);
      res.end('não encontrado');
    }
  });
});
await new Promise<void>((r) => consoleServer.listen(consolePort, '127.0.0.1', () => r()));
const cp = (consoleServer.address() as { port: number }).port;
console.log(`Sandbox Hub Fidelidade: ${hub.url}`);
console.log(`Console (PINs, falhas, campanhas): http://127.0.0.1:${cp}/sandbox/hub?token=${consoleToken}`);
console.log(`Use no Balcão: BALCAO_HUB_URL=${hub.url}`);
const stop = async () => {
  consoleServer.close();
  await hub.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
