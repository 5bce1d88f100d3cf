/**
 * `npm run sandbox:printer`: the virtual printer alone, on TCP 9100 (or
 * PRINTER_PORT), with its page on http://127.0.0.1:9180/sandbox/printer.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { guardConsole } from '../../core/host/guard';
import { printerRoute } from './page';
import { startVirtualPrinter } from './server';

const port = Number(process.env.PRINTER_PORT ?? 9100);
const httpPort = Number(process.env.PRINTER_HTTP_PORT ?? 9180);
const printer = await startVirtualPrinter({ port });
// The page needs this per-start token (given once in the printed URL, then kept as a session cookie).
const consoleToken = randomBytes(24).toString('hex');
const route = guardConsole(printerRoute(printer), { port: () => (server.address() as { port: number }).port, token: consoleToken });
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!(await route(req, res, url))) {
    res.writeHead(404).end('não encontrado');
  }
});
server.listen(httpPort, '127.0.0.1', () => {
  console.log(`impressora virtual: ${printer.url}  página: http://127.0.0.1:${httpPort}/sandbox/printer?token=${consoleToken}`);
});
const shutdown = async () => {
  server.close();
  await printer.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
