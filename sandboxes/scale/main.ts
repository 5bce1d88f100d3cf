/**
 * `npm run sandbox:scale`: the virtual scale alone, on TCP 5194 (or
 * SCALE_PORT), with its console on http://127.0.0.1:5195/sandbox/balanca
 * (SCALE_HTTP_PORT). SCALE_SERIAL=/dev/pts/N also serves it on that serial port
 * (e.g. one end of `socat -d -d pty,raw,echo=0 pty,raw,echo=0`).
 */
import { serveConsole, stopOnSignal } from '../common/standalone';
import { scaleRoute } from './page';
import { startVirtualScale } from './server';

const scale = await startVirtualScale({ port: Number(process.env.SCALE_PORT ?? 5194) });
if (process.env.SCALE_SERIAL) await scale.serveSerial(process.env.SCALE_SERIAL, Number(process.env.SCALE_BAUD ?? 9600));
const page = await serveConsole(scaleRoute(scale), { port: Number(process.env.SCALE_HTTP_PORT ?? 5195), base: '/sandbox/balanca' });
console.log(`balança virtual: ${scale.url}${process.env.SCALE_SERIAL ? ` e serial:${process.env.SCALE_SERIAL}` : ''}  console: ${page.url}`);
stopOnSignal(page, () => scale.stop());
