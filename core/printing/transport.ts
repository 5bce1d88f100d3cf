import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_TCP_PORTS } from '../../shared/api/printing';

/**
 * Sends one job's bytes to the configured printer interface:
 *  - `tcp://host[:port]`: a raw socket (port 9100 by default), with a status
 *    check (DLE EOT) on its own connection before and after the job, because
 *    a socket write that "succeeds" proves nothing (node-thermal-printer's
 *    execute() resolves as soon as the bytes left);
 *  - a device (`/dev/usb/lp0`, `/dev/lp0`, `/dev/ttyS0`, `COM1`, `LPT1`, `\\.\COM1`,
 *    `\\host\share`): written directly — only these forms (see parseInterface);
 *  - `printer:Name` (Windows printer / shared printer): needs a system print
 *    driver module (node-thermal-printer's `driver` option, e.g. the
 *    `printer`/`@thiagoelg/node-printer` package). Not installed nor testable
 *    here: reported as a clear error.
 */

export class PrintError extends Error {
  constructor(
    readonly code: 'refused' | 'timeout' | 'dropped' | 'offline' | 'printerOffline' | 'paperOut' | 'notFound' | 'device' | 'driver' | 'config',
    message: string,
    /** Whether the bytes may have reached the printer (then a retry may print twice). */
    readonly maybeDelivered = false,
  ) {
    super(message);
    this.name = 'PrintError';
  }
}

export interface TransportOptions {
  /** Connection + each wait (ms). */
  timeoutMs?: number;
  /** Ask DLE EOT status before/after the job (printers that do not answer: turn off in settings). */
  statusCheck?: boolean;
  /** Ports a `tcp://` address may use ("9100-9109, 515, 631", the default); null: not checked (BALCAO_PRINTER). */
  tcpPorts?: string | null;
  /** Tests only: a folder standing in for `/` when opening a device (`/dev/usb/lp0` → `<root>/dev/usb/lp0`). */
  deviceRoot?: string;
}

export type PrinterInterface =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'device'; path: string }
  | { kind: 'windows'; name: string };

/**
 * The only printer addresses accepted (issue 8: a free path was a file write
 * anywhere on the till). Checked when the setting is saved AND before every
 * job is sent (an address from the environment or an older database too).
 */
const DEVICE_FORMS: RegExp[] = [
  /^\/dev\/usb\/lp\d{1,3}$/,
  /^\/dev\/lp\d{1,3}$/,
  /^\/dev\/tty(?:S|USB|ACM)\d{1,3}$/,
  /^COM\d{1,3}$/i,
  /^LPT\d$/i,
  /^\\\\\.\\(?:COM\d{1,3}|LPT\d)$/i, // \\.\COM1
  /^\\\\[A-Za-z0-9][A-Za-z0-9.-]{0,62}\\[A-Za-z0-9][A-Za-z0-9 ._$-]{0,79}$/, // \\host\share (no sub-path)
];

export const INTERFACE_HELP =
  'Por segurança, só são aceitos: tcp://IP:9100, um dispositivo (/dev/usb/lp0, /dev/lp0, /dev/ttyS0, /dev/ttyUSB0, /dev/ttyACM0, COM1, LPT1), uma impressora compartilhada (\\\\computador\\impressora) ou printer:Nome da impressora.';

/**
 * "9100-9109, 515, 631" → port ranges. Numbers 1–65535, `a-b` with a ≤ b, at most 20 items; anything else
 * throws a PrintError('config') that names the item.
 */
export function parsePortList(text: string): [number, number][] {
  const items = text.split(/[,;\s]+/).filter(Boolean);
  const bad = (item: string): never => {
    throw new PrintError('config', `Portas TCP permitidas: "${item.slice(0, 20)}" não é uma porta (1 a 65535) nem um intervalo (9100-9109).`);
  };
  if (items.length === 0) throw new PrintError('config', 'Portas TCP permitidas: informe ao menos uma porta (ex.: 9100-9109, 515, 631).');
  if (items.length > 20) throw new PrintError('config', 'Portas TCP permitidas: no máximo 20 itens.');
  return items.map((item) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item) ?? bad(item);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b > 65535 || a > b) bad(item);
    return [a, b];
  });
}

/**
 * The host of a `tcp://` address in one canonical form before it is checked or used: IPv4 only as a dotted
 * quad (what a person reads); hex, octal, decimal or short forms (`0x7f000001`, `2130706433`, `0177.0.0.1`,
 * `127.1`) that resolvers accept as an IP are refused; IPv6 compressed and lowercase; names lowercase.
 */
export function normalizePrinterHost(raw: string): string | null {
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1);
    if (!net.isIPv6(inner)) return null;
    return new URL(`http://[${inner}]/`).hostname.slice(1, -1);
  }
  const h = raw.toLowerCase().replace(/\.$/, '');
  if (net.isIPv4(h)) return h;
  const last = h.split('.').pop() ?? '';
  // A last label that is a number makes the whole name an IPv4 in another notation (WHATWG URL, inet_aton).
  if (/^(?:0x[0-9a-f]*|\d+)$/.test(last)) return null;
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*$/.test(h)) return null;
  return h;
}

export function parseInterface(text: string, tcpPorts: string | null = DEFAULT_TCP_PORTS): PrinterInterface {
  const s = text.trim();
  const refuse = (): never => {
    throw new PrintError('config', `Endereço da impressora não reconhecido: "${s.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80)}". ${INTERFACE_HELP}`);
  };
  if (/[\u0000-\u001f\u007f]/.test(s)) refuse();
  const tcp = /^tcp:\/\/([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?\/?$/i.exec(s);
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) throw new PrintError('config', `Porta inválida na impressora: ${s}`);
    const host = normalizePrinterHost(tcp[1]);
    if (host === null) {
      throw new PrintError('config', `Endereço da impressora "${tcp[1].slice(0, 60)}" não é um nome nem um IP no formato comum: use, por exemplo, tcp://192.168.0.50:9100.`);
    }
    if (tcpPorts !== null && !parsePortList(tcpPorts).some(([a, b]) => port >= a && port <= b)) {
      throw new PrintError('config', `A porta ${port} não está entre as portas de impressora permitidas (${tcpPorts?.trim()}). Um Gerente pode mudar as "Portas TCP permitidas" em Configurações > Impressora.`);
    }
    return { kind: 'tcp', host, port };
  }
  const win = /^printer:([^\\/]{1,100})$/i.exec(s);
  if (win && win[1].trim()) return { kind: 'windows', name: win[1].trim() };
  if (DEVICE_FORMS.some((re) => re.test(s))) return { kind: 'device', path: s };
  return refuse();
}

const DLE_EOT_PRINTER = 1;
const DLE_EOT_PAPER = 4;

function where(i: PrinterInterface): string {
  return i.kind === 'tcp' ? `${i.host}:${i.port}` : i.kind === 'device' ? i.path : i.name;
}

/** Opens a connection, runs `talk`, maps socket failures to pt-BR messages. */
function withSocket<T>(
  target: { host: string; port: number },
  timeoutMs: number,
  phase: 'status' | 'job',
  talk: (socket: net.Socket, done: (v: T) => void, fail: (e: PrintError) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // The cashier reads these messages: no IP:port, no error codes (the address is in Configurações > Impressora).
    let settled = false;
    let connected = false;
    let wrote = false;
    const socket = net.connect({ host: target.host, port: target.port });
    const finish = (err: PrintError | null, v?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(v as T);
    };
    const timer = setTimeout(() => {
      finish(
        new PrintError(
          'timeout',
          connected
            ? 'A impressora não respondeu a tempo. Verifique se está ligada, com papel e sem erro.'
            : 'A impressora não respondeu a tempo. Verifique se está ligada e na rede.',
          phase === 'job' && wrote,
        ),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      connected = true;
      talk(
        socket,
        (v) => finish(null, v),
        (e) => finish(e),
      );
      wrote = true;
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') {
        finish(new PrintError('refused', 'A impressora recusou a conexão: está desligada ou o endereço em Configurações > Impressora está errado.'));
      } else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
        finish(new PrintError('notFound', 'Impressora não encontrada na rede: confira o endereço em Configurações > Impressora.'));
      } else if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') {
        finish(new PrintError('offline', 'A impressora está fora da rede. Verifique o cabo ou o Wi-Fi da impressora.'));
      } else if (connected) {
        finish(
          new PrintError('dropped', 'A conexão com a impressora caiu durante a impressão.', phase === 'job'),
        );
      } else {
        finish(new PrintError('offline', 'Não foi possível falar com a impressora. Verifique se está ligada e na rede.'));
      }
    });
  });
}

/** Printer status (DLE EOT 1 and 4) → null when healthy, else the pt-BR problem. */
export function statusProblem(printerStatus: number, paperStatus: number): PrintError | null {
  if ((paperStatus & 0x60) === 0x60) return new PrintError('paperOut', 'A impressora está sem papel. Troque a bobina e toque em "Tentar novamente".');
  if ((printerStatus & 0x08) !== 0) return new PrintError('printerOffline', 'A impressora está off-line (tampa aberta, sem papel ou em erro).');
  return null;
}

async function askStatus(target: { host: string; port: number }, timeoutMs: number): Promise<void> {
  const [printer, paper] = await withSocket<[number, number]>(target, timeoutMs, 'status', (socket, done, fail) => {
    const got: number[] = [];
    socket.on('data', (chunk: Buffer) => {
      got.push(...chunk);
      if (got.length >= 2) done([got[0], got[1]]);
    });
    socket.on('end', () => fail(new PrintError('dropped', 'A impressora encerrou a conexão sem informar o status.')));
    socket.write(Buffer.from([0x10, 0x04, DLE_EOT_PRINTER, 0x10, 0x04, DLE_EOT_PAPER]));
  });
  const problem = statusProblem(printer, paper);
  if (problem) throw problem;
}

async function sendTcp(target: { host: string; port: number }, bytes: Buffer, timeoutMs: number): Promise<void> {
  await withSocket<void>(target, timeoutMs, 'job', (socket, done) => {
    // The printer closes its side after our FIN: a clean close means every byte was taken.
    socket.on('close', (hadError) => {
      if (!hadError) done();
    });
    socket.on('data', () => undefined);
    socket.end(bytes);
  });
}

/**
 * The path actually opened for a device on this OS: Windows forms (COM1, LPT1,
 * \\host\share) only on Windows (elsewhere "COM1" would be a file in the
 * working folder), /dev/... only off Windows.
 */
export function devicePathFor(p: string, platform: NodeJS.Platform): string {
  const windowsForm = !p.startsWith('/');
  if (windowsForm !== (platform === 'win32')) {
    throw new PrintError('config', `O endereço da impressora "${p}" não vale neste sistema operacional. ${INTERFACE_HELP}`);
  }
  return /^(COM\d{1,3}|LPT\d)$/i.test(p) ? `\\\\.\\${p.toUpperCase()}` : p;
}

export async function sendToPrinter(iface: string, bytes: Buffer, opts: TransportOptions = {}, platform: NodeJS.Platform = process.platform): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  // Checked again at use time: an address from the environment or saved by an older version is held to the same list.
  const target = parseInterface(iface, opts.tcpPorts === undefined ? DEFAULT_TCP_PORTS : opts.tcpPorts);
  if (target.kind === 'tcp') {
    if (opts.statusCheck !== false) await askStatus(target, timeoutMs);
    await sendTcp(target, bytes, timeoutMs);
    if (opts.statusCheck !== false) {
      // The printer took every byte (clean close). Asking again tells whether it could print them: a
      // problem it reports (paper out, cover open) means the paper must be checked; not getting an
      // answer at all proves nothing, and re-sending would print twice.
      try {
        await askStatus(target, timeoutMs);
      } catch (err) {
        if (err instanceof PrintError && (err.code === 'paperOut' || err.code === 'printerOffline')) {
          throw new PrintError(err.code, err.message, true);
        }
      }
    }
    return;
  }
  if (target.kind === 'device') {
    target.path = devicePathFor(target.path, platform);
    if (opts.deviceRoot) target.path = path.join(opts.deviceRoot, target.path);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new PrintError('timeout', `A impressora (${target.path}) não respondeu a tempo.`, true)),
        timeoutMs,
      );
      // Write-only, append, and NEVER create: a device that is not there is an error, not a new file.
      const write = async () => {
        const fh = await fs.promises.open(target.path, fs.constants.O_WRONLY | fs.constants.O_APPEND);
        try {
          await fh.writeFile(bytes);
        } finally {
          await fh.close();
        }
      };
      write().then(() => {
        clearTimeout(timer);
        resolve();
      }, (err: unknown) => {
        clearTimeout(timer);
        const e = err as NodeJS.ErrnoException;
        reject(
          new PrintError(
            'device',
            e.code === 'ENOENT'
              ? `Impressora não encontrada em ${target.path}: verifique o cabo USB e o caminho.`
              : e.code === 'EACCES' || e.code === 'EPERM'
                ? `Sem permissão para usar ${target.path} (no Linux, adicione o usuário ao grupo "lp").`
                : `Falha ao enviar para ${target.path}: ${e.code ?? e.message}.`,
          ),
        );
      });
    });
    return;
  }
  throw new PrintError(
    'driver',
    `Impressora do Windows "${where(target)}": instale o módulo de driver de impressão do sistema (opção "driver" do node-thermal-printer) ou compartilhe a impressora e use tcp://IP:9100.`,
  );
}
