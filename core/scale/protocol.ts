/**
 * The Toledo/Filizola weight protocol over any byte stream (serial port or a
 * serial-over-IP TCP socket). The PC sends ENQ (0x05); the scale answers
 * STX (0x02), five ASCII characters, ETX (0x03):
 *   "00350" → 350 g, stable;  "IIIII" unstable;  "NNNNN" negative;  "SSSSS" overload.
 * Some models (Toledo Prix "Prt5") stay silent while the plate reads 0,000;
 * silence within the timeout is its own outcome.
 */

export const ENQ = 0x05;
export const STX = 0x02;
export const ETX = 0x03;

export type ScaleReading =
  | { kind: 'stable'; grams: number }
  | { kind: 'unstable' }
  | { kind: 'negative' }
  | { kind: 'overload' }
  /** No answer within the timeout. */
  | { kind: 'silent' }
  /** The scale answered something this protocol does not know. */
  | { kind: 'invalid'; payload: string }
  /** The port or socket could not be opened, or closed mid-read. */
  | { kind: 'unavailable'; message: string };

/** A duplex byte stream: what the protocol needs of a serial port or a socket. */
export interface ByteLink {
  write(bytes: Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once when the link closes or fails. */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
}

export type LinkOpener = () => Promise<ByteLink>;

/** The timers a read arms (injected so tests drive silence without waiting). */
export interface ScaleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ScaleTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Payload characters after STX before a frame is given up as noise. */
const MAX_PAYLOAD = 16;

/**
 * Splits a byte stream into frame payloads (the text between STX and ETX).
 * Frames may arrive in pieces or several in one chunk; bytes outside a frame
 * are skipped.
 */
export class FrameDecoder {
  private payload: number[] | null = null;

  push(chunk: Buffer): string[] {
    const frames: string[] = [];
    for (const byte of chunk) {
      if (byte === STX) this.payload = [];
      else if (this.payload === null) continue;
      else if (byte === ETX) {
        frames.push(String.fromCharCode(...this.payload));
        this.payload = null;
      } else if (this.payload.length >= MAX_PAYLOAD) this.payload = null;
      else this.payload.push(byte);
    }
    return frames;
  }

  reset(): void {
    this.payload = null;
  }
}

/** One frame's payload → a reading. */
export function interpretPayload(payload: string): ScaleReading {
  if (/^\d{5}$/.test(payload)) return { kind: 'stable', grams: Number(payload) };
  if (payload === 'IIIII') return { kind: 'unstable' };
  if (payload === 'NNNNN') return { kind: 'negative' };
  if (payload === 'SSSSS') return { kind: 'overload' };
  return { kind: 'invalid', payload };
}

export interface ToledoScaleOptions {
  open: LinkOpener;
  /** How long to wait for an answer after ENQ (default 1000 ms). */
  timeoutMs?: number;
  timers?: ScaleTimers;
}

export interface ToledoScale {
  /** Sends ENQ and resolves with the answer (reads run one at a time); `timeoutMs` overrides the scale's for this read. */
  read(timeoutMs?: number): Promise<ScaleReading>;
  close(): Promise<void>;
}

/**
 * A scale reached through `open` (called lazily, again after the link
 * closed). Bytes that arrive outside a read (a late answer to a read that
 * already timed out) are dropped before the next ENQ.
 */
export function createToledoScale(opts: ToledoScaleOptions): ToledoScale {
  const timers = opts.timers ?? realTimers;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const decoder = new FrameDecoder();
  let link: ByteLink | null = null;
  let opening: Promise<ByteLink> | null = null;
  let pending: ((r: ScaleReading) => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const settle = (r: ScaleReading) => {
    const done = pending;
    pending = null;
    done?.(r);
  };

  async function ensureLink(): Promise<ByteLink> {
    if (link) return link;
    if (!opening) {
      opening = opts.open().then(
        (l) => {
          l.onData((chunk) => {
            const frames = decoder.push(chunk);
            if (pending && frames.length) settle(interpretPayload(frames[frames.length - 1]));
          });
          l.onClose((err) => {
            if (link === l) link = null;
            settle({ kind: 'unavailable', message: err ? `conexão com a balança caiu: ${err.message}` : 'conexão com a balança fechada' });
          });
          link = l;
          opening = null;
          return l;
        },
        (err: Error) => {
          opening = null;
          throw err;
        },
      );
    }
    return opening;
  }

  async function readOnce(waitMs: number): Promise<ScaleReading> {
    if (closed) return { kind: 'unavailable', message: 'balança desligada' };
    let l: ByteLink;
    try {
      l = await ensureLink();
    } catch (err) {
      return { kind: 'unavailable', message: (err as Error).message };
    }
    return new Promise<ScaleReading>((resolve) => {
      const timer = timers.setTimeout(() => settle({ kind: 'silent' }), waitMs);
      pending = (r) => {
        timers.clearTimeout(timer);
        resolve(r);
      };
      decoder.reset();
      try {
        l.write(Buffer.from([ENQ]));
      } catch (err) {
        settle({ kind: 'unavailable', message: (err as Error).message });
      }
    });
  }

  return {
    read(waitMs = timeoutMs) {
      const run = () => readOnce(waitMs);
      const next = queue.then(run, run);
      queue = next;
      return next;
    },
    async close() {
      closed = true;
      settle({ kind: 'unavailable', message: 'balança desligada' });
      const l = link ?? (opening ? await opening.catch(() => null) : null);
      link = null;
      await l?.close();
    },
  };
}

/** What the counter says for a reading that is not a stable weight (pt-BR). */
export function readingMessage(r: ScaleReading): string | null {
  switch (r.kind) {
    case 'stable':
      return r.grams > 0 ? null : 'Coloque o produto na balança';
    case 'unstable':
      return 'Peso instável, aguarde';
    case 'negative':
      return 'Coloque o produto na balança';
    case 'overload':
      return 'Peso acima da capacidade da balança';
    case 'silent':
      return 'A balança não respondeu: digite o peso';
    case 'invalid':
      return 'Resposta da balança não reconhecida: digite o peso';
    case 'unavailable':
      return `Balança indisponível (${r.message}): digite o peso`;
  }
}
