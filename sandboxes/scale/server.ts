import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ENQ, ETX, STX } from '../../core/scale/protocol';

/**
 * The virtual scale: a Toledo/Filizola-protocol scale (ENQ → STX + five ASCII
 * characters + ETX) on TCP, like a scale behind a serial-over-IP converter,
 * and on a serial port when asked (`serveSerial`, e.g. one end of a socat pty
 * pair). A console sets the weight on the plate, makes it unstable or silent.
 */

export type VirtualScaleMode =
  /** Answers the weight (NNNNN below zero, SSSSS above the capacity). */
  | 'stable'
  /** Answers IIIII (the plate is still moving). */
  | 'unstable'
  /** Never answers (cable pulled, scale off, or a Prt5 scale at 0,000). */
  | 'silent';

export interface VirtualScaleState {
  /** Weight on the plate in grams (negative = below the tare). */
  grams: number;
  mode: VirtualScaleMode;
  /** Grams above which the scale answers SSSSS (default 30 kg). */
  capacityGrams: number;
  /** Send each answer in three writes (STX+2 digits, 2 digits, 1 digit+ETX): the client must join the pieces. */
  splitFrames: boolean;
}

export interface VirtualScale {
  readonly port: number;
  /** tcp://127.0.0.1:<port> — the interface the app is configured with. */
  readonly url: string;
  state(): VirtualScaleState & { enqReceived: number; connections: number };
  set(patch: Partial<VirtualScaleState>): VirtualScaleState;
  /** Serves the protocol on any duplex stream (a serial port). */
  attach(stream: Duplex): void;
  /** Opens a serial port (8N1) with `serialport` and serves it. */
  serveSerial(path: string, baudRate?: number): Promise<void>;
  stop(): Promise<void>;
}

export const INITIAL_SCALE_STATE: VirtualScaleState = { grams: 0, mode: 'stable', capacityGrams: 30_000, splitFrames: false };

/** The five characters a scale in `s` answers, or null when it stays silent. */
export function answerFor(s: VirtualScaleState): string | null {
  if (s.mode === 'silent') return null;
  if (s.mode === 'unstable') return 'IIIII';
  if (s.grams < 0) return 'NNNNN';
  if (s.grams > s.capacityGrams || s.grams > 99_999) return 'SSSSS';
  return String(Math.round(s.grams)).padStart(5, '0');
}

function checkPatch(patch: Partial<VirtualScaleState>): void {
  if (patch.grams !== undefined && (!Number.isInteger(patch.grams) || Math.abs(patch.grams) > 1_000_000)) throw new Error('peso inválido (gramas inteiros)');
  if (patch.mode !== undefined && !['stable', 'unstable', 'silent'].includes(patch.mode)) throw new Error(`modo inválido: ${patch.mode}`);
  if (patch.capacityGrams !== undefined && (!Number.isInteger(patch.capacityGrams) || patch.capacityGrams < 1)) throw new Error('capacidade inválida');
}

export async function startVirtualScale(opts: { port?: number; host?: string; initial?: Partial<VirtualScaleState> } = {}): Promise<VirtualScale> {
  const host = opts.host ?? '127.0.0.1';
  let state: VirtualScaleState = { ...INITIAL_SCALE_STATE, ...opts.initial };
  let enqReceived = 0;
  const streams = new Set<Duplex>();
  const serialPorts: { close(cb: () => void): void; isOpen: boolean }[] = [];

  const answer = (stream: Duplex) => {
    enqReceived++;
    const text = answerFor(state);
    if (text === null || stream.destroyed) return;
    const frame = Buffer.concat([Buffer.from([STX]), Buffer.from(text, 'latin1'), Buffer.from([ETX])]);
    if (!state.splitFrames) return void stream.write(frame);
    stream.write(frame.subarray(0, 3));
    setImmediate(() => {
      if (stream.destroyed) return;
      stream.write(frame.subarray(3, 5));
      setImmediate(() => !stream.destroyed && stream.write(frame.subarray(5)));
    });
  };

  const attach = (stream: Duplex) => {
    streams.add(stream);
    stream.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === ENQ) answer(stream);
    });
    stream.on('error', () => {});
    stream.on('close', () => streams.delete(stream));
  };

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `tcp://${host}:${port}`,
    state: () => ({ ...state, enqReceived, connections: streams.size }),
    set(patch) {
      checkPatch(patch);
      state = { ...state, ...patch };
      return { ...state };
    },
    attach,
    async serveSerial(path, baudRate = 9600) {
      const { SerialPort } = await import('serialport');
      const sp = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
      await new Promise<void>((resolve, reject) => sp.open((err) => (err ? reject(err) : resolve())));
      serialPorts.push(sp);
      attach(sp);
    },
    async stop() {
      for (const s of streams) s.destroy();
      await Promise.all(serialPorts.filter((p) => p.isOpen).map((p) => new Promise<void>((r) => p.close(() => r()))));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
