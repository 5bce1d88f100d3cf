/**
 * `npm run sandbox:printer`: the virtual printer alone, on TCP 9100 (or
 * PRINTER_PORT), with its page on http://127.0.0.1:9180/sandbox/printer.
 */
import http from 'node:http';
import { printerRoute } from './page';
import { startVirtualPrinter } from './server';

const port = Number(process.env.PRINTER_PORT ?? 9100);
const httpPort = Number(process.env.PRINTER_HTTP_PORT ?? 9180);
const printer = await startVirtualPrinter({ port });
const route = printerRoute(printer);
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!(await route(req, res, url))) {
    res.writeHead(302, { location: '/sandbox/printer' }).end();
  }
});
server.listen(httpPort, '127.0.0.1', () => {
  console.log(`impressora virtual: ${printer.url}  página: http://127.0.0.1:${httpPort}/sandbox/printer`);
});
const shutdown = async () => {
  server.close();
  await printer.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
