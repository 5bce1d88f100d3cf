/**
 * `npm run sandbox:printer`: the virtual printer alone, on TCP 9100 (or
 * PRINTER_PORT), with its page on http://127.0.0.1:9180/sandbox/printer.
 */
import { serveConsole, stopOnSignal } from '../common/standalone';
import { printerRoute } from './page';
import { startVirtualPrinter } from './server';

const port = Number(process.env.PRINTER_PORT ?? 9100);
const httpPort = Number(process.env.PRINTER_HTTP_PORT ?? 9180);
const printer = await startVirtualPrinter({ port });
const page = await serveConsole(printerRoute(printer), { port: httpPort, base: '/sandbox/printer' });
console.log(`impressora virtual: ${printer.url}  página: ${page.url}`);
stopOnSignal(page, () => printer.stop());
