import net from 'node:net';
import type { ByteLink, LinkOpener } from './protocol';

/**
 * Where the scale is: a serial port (`serial:/dev/ttyUSB0`, `/dev/ttyS0`,
 * `COM3`, `serial:COM3`) at a baud rate, or a serial-over-IP converter
 * (`tcp://host:port`). One protocol module serves both.
 */
export type ScaleInterface = { kind: 'serial'; path: string } | { kind: 'tcp'; host: string; port: number };

export const DEFAULT_BAUD_RATE = 9600;
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const SERIAL_PATH = /^(\/dev\/(tty(S|USB|ACM|AMA)\d+|pts\/\d+|cu\.[\w.-]+|tty\.[\w.-]+)|COM\d{1,3})$/;

export type InterfaceParse = { ok: true; value: ScaleInterface } | { ok: false; message: string };

/** Parses the "Interface" typed in Configurações > "Balança" or BALCAO_SCALE. */
export function parseScaleInterface(text: string): InterfaceParse {
  const s = text.trim();
  const bad: InterfaceParse = {
    ok: false,
    message: 'Interface da balança inválida: use serial:/dev/ttyUSB0, COM3 ou tcp://host:porta.',
  };
  if (s.startsWith('tcp://')) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return bad;
    }
    const port = Number(url.port);
    if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535 || (url.pathname !== '' && url.pathname !== '/')) return bad;
    return { ok: true, value: { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port } };
  }
  const path = s.startsWith('serial:') ? s.slice('serial:'.length) : s;
  if (!SERIAL_PATH.test(path)) return bad;
  return { ok: true, value: { kind: 'serial', path } };
}

export function describeInterface(i: ScaleInterface): string {
  return i.kind === 'tcp' ? `tcp://${i.host.includes(':') ? `[${i.host}]` : i.host}:${i.port}` : `serial:${i.path}`;
}

/** A TCP socket as a ByteLink (connect timeout: the same as a read's). */
export function tcpOpener(host: string, port: number, connectTimeoutMs = 2000): LinkOpener {
  return () =>
    new Promise<ByteLink>((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      socket.setTimeout(connectTimeoutMs, () => socket.destroy(new Error(`sem resposta de ${host}:${port}`)));
      const onError = (err: Error) => reject(new Error(`não foi possível conectar em ${host}:${port} (${(err as NodeJS.ErrnoException).code ?? err.message})`));
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.setTimeout(0);
        let closeListener: ((e?: Error) => void) | null = null;
        let failure: Error | undefined;
        socket.on('error', (err) => (failure = err));
        socket.on('close', () => closeListener?.(failure));
        resolve({
          write: (bytes) => void socket.write(bytes),
          onData: (l) => void socket.on('data', l),
          onClose: (l) => void (closeListener = l),
          close: () =>
            new Promise<void>((r) => {
              if (socket.destroyed) return r();
              socket.once('close', () => r());
              socket.destroy();
            }),
        });
      });
    });
}

/** A serial port (8N1, no flow control) through the `serialport` package, loaded at the first open. */
export function serialOpener(path: string, baudRate = DEFAULT_BAUD_RATE): LinkOpener {
  return async () => {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new Error(`não foi possível abrir ${path} (${err.message})`)) : resolve())),
    );
    let closeListener: ((e?: Error) => void) | null = null;
    let failure: Error | undefined;
    port.on('error', (err: Error) => (failure = err));
    port.on('close', (err?: Error) => closeListener?.(err ?? failure));
    return {
      write: (bytes) => void port.write(bytes),
      onData: (l) => void port.on('data', l),
      onClose: (l) => void (closeListener = l),
      close: () =>
        new Promise<void>((r) => {
          if (!port.isOpen) return r();
          port.close(() => r());
        }),
    };
  };
}

export function openerFor(i: ScaleInterface, baudRate = DEFAULT_BAUD_RATE): LinkOpener {
  return i.kind === 'tcp' ? tcpOpener(i.host, i.port) : serialOpener(i.path, baudRate);
}
