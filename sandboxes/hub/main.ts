/**
 * `npm run sandbox:hub`: the hub sandbox on its own. Port from HUB_SANDBOX_PORT
 * (default 5190); the console (PINs, faults) is served on a second port so it
 * stays reachable while the hub is "down" (HUB_SANDBOX_CONSOLE_PORT, default port+1).
 */
import { serveConsole, stopOnSignal } from '../common/standalone';
import { CONSOLE_BASE, startHubSandbox } from './server';

const port = Number(process.env.HUB_SANDBOX_PORT ?? 5190);
const consolePort = Number(process.env.HUB_SANDBOX_CONSOLE_PORT ?? (port === 0 ? 0 : port + 1));
// HUB_SANDBOX_QUIET=1: no line per request (the sync bench drains thousands a second through a pipe).
const quiet = process.env.HUB_SANDBOX_QUIET === '1';
const hub = await startHubSandbox({ port, log: quiet ? () => {} : (l) => console.log(l) });
const console_ = await serveConsole(hub.consoleRoute, { port: consolePort, base: CONSOLE_BASE });
console.log(`Sandbox Hub Fidelidade: ${hub.url}`);
console.log(`Console (PINs, falhas, campanhas): ${console_.url}`);
console.log(`Use no Balcão: BALCAO_HUB_URL=${hub.url}`);
stopOnSignal(console_, () => hub.close());
