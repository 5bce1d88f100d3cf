import net from 'node:net';
import { decodeEscPos, type DecodedJob } from '../../core/printing/decoder';

/**
 * The virtual network printer: a raw TCP server (port 9100 when standalone)
 * that behaves like an Epson-class printer on the LAN. A job is the bytes of
 * one connection; connections that only ask for status (DLE EOT / GS r) are
 * answered and are not jobs. Every job is kept and decoded.
 */

export type PrinterBehavior =
  /** Healthy printer: answers status, keeps jobs. */
  | 'ok'
  /** Accepts connections but never answers nor closes (a hung printer): the client times out. */
  | 'hang'
  /** Resets the connection as soon as bytes arrive (cable pulled mid-job). */
  | 'drop'
  /** Answers status with "offline, paper end". */
  | 'paperOut'
  /** Healthy until it has received a job, then out of paper (the roll ended on that receipt). */
  | 'paperOutAfterJob';

export interface PrinterJob {
  id: number;
  receivedAt: string;
  bytes: Buffer;
  decoded: DecodedJob;
}

export interface VirtualPrinterOptions {
  port?: number;
  host?: string;
  behavior?: PrinterBehavior;
}

export interface VirtualPrinter {
  readonly port: number;
  /** tcp://127.0.0.1:<port> — the interface string the app is configured with. */
  readonly url: string;
  jobs(): PrinterJob[];
  decoded(): DecodedJob[];
  /** Connections that only asked for status. */
  statusQueries(): number;
  clear(): void;
  setBehavior(b: PrinterBehavior): void;
  /** Stops listening and drops open connections (printer switched off). */
  stop(): Promise<void>;
  /** Listens again on the same port (printer switched back on). */
  start(): Promise<void>;
  readonly running: boolean;
}

/** Healthy answers for DLE EOT n (n = 1..4) and GS r n. */
const HEALTHY = 0x12;
const PAPER_OUT: Record<number, number> = { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 };

/** True when every byte of `buf` belongs to a real-time status request. */
function onlyStatusRequests(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length) {
    if (buf[i] === 0x10 && buf[i + 1] === 0x04 && i + 2 < buf.length) i += 3;
    else if (buf[i] === 0x1d && buf[i + 1] === 0x72 && i + 2 < buf.length) i += 3;
    else return false;
  }
  return true;
}

export async function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const host = opts.host ?? '127.0.0.1';
  let behavior: PrinterBehavior = opts.behavior ?? 'ok';
  const jobs: PrinterJob[] = [];
  let statusOnly = 0;
  let nextId = 1;
  let server: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let port = opts.port ?? 9100;

  const handle = (socket: net.Socket) => {
    sockets.add(socket);
    if (behavior === 'hang') {
      // Never reads, never answers, never closes: the client's timeout is the only way out.
      socket.pause();
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let scanned = 0; // where the status scan resumes
    let all = Buffer.alloc(0);
    let done = false;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {
      done = true;
    });
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      if (behavior === 'drop') {
        done = true;
        socket.resetAndDestroy();
        return;
      }
      chunks.push(chunk);
      all = Buffer.concat(chunks);
      // Answer real-time status requests as they arrive (like the printer's real-time processor).
      let i = scanned;
      while (i + 2 < all.length) {
        const a = all[i];
        const b = all[i + 1];
        const n = all[i + 2];
        if ((a === 0x10 && b === 0x04 && n >= 1 && n <= 4) || (a === 0x1d && b === 0x72 && (n === 1 || n === 49))) {
          const noPaper = behavior === 'paperOut' || (behavior === 'paperOutAfterJob' && jobs.length > 0);
          const reply = noPaper ? (a === 0x1d ? 0x0c : (PAPER_OUT[n] ?? HEALTHY)) : a === 0x1d ? 0x00 : HEALTHY;
          if (!socket.destroyed) socket.write(Buffer.from([reply]));
          i += 3;
        } else i++;
      }
      scanned = i;
    });
    socket.on('end', () => {
      if (done) return;
      done = true;
      const bytes = Buffer.concat(chunks);
      if (bytes.length > 0 && !onlyStatusRequests(bytes)) {
        jobs.push({ id: nextId++, receivedAt: new Date().toISOString(), bytes, decoded: decodeEscPos(bytes) });
      } else {
        statusOnly++;
      }
      socket.end();
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(handle);
      s.once('error', reject);
      s.listen(port, host, () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const close = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const sock of sockets) sock.destroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `tcp://${host}:${port}`;
    },
    get running() {
      return server !== null;
    },
    jobs: () => jobs.slice(),
    decoded: () => jobs.map((j) => j.decoded),
    statusQueries: () => statusOnly,
    clear: () => {
      jobs.length = 0;
      statusOnly = 0;
    },
    setBehavior: (b) => {
      behavior = b;
    },
    stop: close,
    start: async () => {
      if (server) return;
      await listen();
    },
  };
}
