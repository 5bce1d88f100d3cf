import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { guardConsole } from '../../core/host/guard';

type ConsoleRoute = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>;

/**
 * A sandbox run alone (`npm run sandbox:*`): its console on a loopback port of
 * its own, so it stays reachable while the sandbox is "down". The console needs
 * a per-start token, given once in the URL this returns (`…?token=`) and then
 * kept as a session cookie.
 */
export async function serveConsole(route: ConsoleRoute, opts: { port: number; base: string }): Promise<{ url: string; close(): void }> {
  const token = randomBytes(24).toString('hex');
  const guarded = guardConsole(route, { port: () => (server.address() as { port: number }).port, token });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(302, { location: opts.base });
      res.end();
      return;
    }
    void Promise.resolve(guarded(req, res, url)).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end('não encontrado');
      }
    });
  });
  await new Promise<void>((r) => server.listen(opts.port, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}${opts.base}?token=${token}`, close: () => server.close() };
}

/** Ctrl+C / kill: closes the console, then the sandbox, then exits. */
export function stopOnSignal(console_: { close(): void }, sandbox: () => Promise<void>): void {
  const stop = async () => {
    console_.close();
    await sandbox();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
