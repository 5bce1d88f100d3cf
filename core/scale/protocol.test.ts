import { describe, expect, it } from 'vitest';
import { createToledoScale, ENQ, ETX, FrameDecoder, interpretPayload, readingMessage, STX, type ByteLink, type ScaleTimers } from './protocol';

/** The scale's side of an in-memory wire: what the PC wrote, and a way to answer. */
class Wire {
  written: number[] = [];
  private data: ((c: Buffer) => void) | null = null;
  private closeL: ((e?: Error) => void) | null = null;
  onEnq: ((wire: Wire) => void) | null = null;
  opens = 0;
  closed = false;

  link(): ByteLink {
    this.opens++;
    this.closed = false;
    return {
      write: (b) => {
        this.written.push(...b);
        if (b.includes(ENQ)) queueMicrotask(() => this.onEnq?.(this));
      },
      onData: (l) => (this.data = l),
      onClose: (l) => (this.closeL = l),
      close: async () => {
        this.closed = true;
      },
    };
  }

  send(...chunks: (string | number[])[]) {
    for (const c of chunks) this.data!(typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.from(c));
  }

  frame(payload: string) {
    this.send([STX], payload, [ETX]);
  }

  drop(err?: Error) {
    this.closeL?.(err);
  }
}

/** Timers the test fires by hand: silence without waiting. */
class ManualTimers implements ScaleTimers {
  private next = 1;
  armed = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.armed.set(id, { fn, ms });
    return id;
  }
  clearTimeout(h: unknown) {
    this.armed.delete(h as number);
  }
  fireAll() {
    const due = [...this.armed.values()];
    this.armed.clear();
    for (const t of due) t.fn();
  }
}

function setup(answer: (w: Wire) => void) {
  const wire = new Wire();
  wire.onEnq = answer;
  const timers = new ManualTimers();
  const scale = createToledoScale({ open: async () => wire.link(), timers, timeoutMs: 800 });
  return { wire, timers, scale };
}

describe('frames', () => {
  it('decodes frames split anywhere, several per chunk, with noise around them', () => {
    const d = new FrameDecoder();
    expect(d.push(Buffer.from([0x00, 0x41, STX, 0x30, 0x30]))).toEqual([]);
    expect(d.push(Buffer.from('35', 'latin1'))).toEqual([]);
    expect(d.push(Buffer.from([0x30, ETX, 0x0d, STX, 0x49, 0x49, 0x49, 0x49, 0x49, ETX]))).toEqual(['00350', 'IIIII']);
    expect(d.push(Buffer.from([STX, ...Buffer.from('x'.repeat(40)), ETX]))).toEqual([]);
  });

  it('interprets payloads', () => {
    expect(interpretPayload('00350')).toEqual({ kind: 'stable', grams: 350 });
    expect(interpretPayload('IIIII')).toEqual({ kind: 'unstable' });
    expect(interpretPayload('NNNNN')).toEqual({ kind: 'negative' });
    expect(interpretPayload('SSSSS')).toEqual({ kind: 'overload' });
    expect(interpretPayload('0035')).toEqual({ kind: 'invalid', payload: '0035' });
  });
});

describe('Toledo/Filizola reads', () => {
  it('stable: ENQ out, grams back', async () => {
    const { wire, scale } = setup((w) => w.frame('01250'));
    expect(await scale.read()).toEqual({ kind: 'stable', grams: 1250 });
    expect(wire.written).toEqual([ENQ]);
    expect(readingMessage({ kind: 'stable', grams: 1250 })).toBeNull();
  });

  it('unstable, negative, overload and zero', async () => {
    const answers = ['IIIII', 'NNNNN', 'SSSSS', '00000'];
    const { scale } = setup((w) => w.frame(answers.shift()!));
    const unstable = await scale.read();
    expect(unstable).toEqual({ kind: 'unstable' });
    expect(readingMessage(unstable)).toBe('Peso instável, aguarde');
    const negative = await scale.read();
    expect(negative).toEqual({ kind: 'negative' });
    expect(readingMessage(negative)).toBe('Coloque o produto na balança');
    expect(await scale.read()).toEqual({ kind: 'overload' });
    const zero = await scale.read();
    expect(zero).toEqual({ kind: 'stable', grams: 0 });
    expect(readingMessage(zero)).toBe('Coloque o produto na balança');
  });

  it('split frames: STX, digits and ETX in separate chunks', async () => {
    const { scale } = setup((w) => {
      w.send([STX, 0x30]);
      queueMicrotask(() => {
        w.send('03');
        queueMicrotask(() => w.send('50', [ETX]));
      });
    });
    expect(await scale.read()).toEqual({ kind: 'stable', grams: 350 });
  });

  it('silence: the timeout (armed with the configured ms) resolves "silent"; a late answer is not taken for the next read', async () => {
    const { wire, timers, scale } = setup(() => {});
    const read = scale.read();
    await new Promise((r) => setImmediate(r)); // the ENQ went out
    expect([...timers.armed.values()].map((t) => t.ms)).toEqual([800]);
    timers.fireAll();
    expect(await read).toEqual({ kind: 'silent' });
    expect(readingMessage({ kind: 'silent' })).toMatch(/digite o peso/);

    wire.frame('00990'); // the late answer to the read that timed out…
    wire.onEnq = (w) => w.frame('00420');
    expect(await scale.read()).toEqual({ kind: 'stable', grams: 420 }); // …is dropped when the next ENQ goes out
    expect(timers.armed.size).toBe(0);
  });

  it('reads run one at a time: each ENQ gets its own answer', async () => {
    const answers = ['00100', 'IIIII', '00300'];
    const { wire, scale } = setup((w) => w.frame(answers.shift()!));
    const results = await Promise.all([scale.read(), scale.read(), scale.read()]);
    expect(results).toEqual([{ kind: 'stable', grams: 100 }, { kind: 'unstable' }, { kind: 'stable', grams: 300 }]);
    expect(wire.written).toEqual([ENQ, ENQ, ENQ]);
    expect(wire.opens).toBe(1);
  });

  it('a link that cannot open or drops mid-read is "unavailable", and the next read opens it again', async () => {
    let fail = true;
    const wire = new Wire();
    const scale = createToledoScale({
      open: async () => {
        if (fail) throw new Error('não foi possível abrir /dev/ttyUSB0 (ENOENT)');
        return wire.link();
      },
      timers: new ManualTimers(),
    });
    const first = await scale.read();
    expect(first).toEqual({ kind: 'unavailable', message: 'não foi possível abrir /dev/ttyUSB0 (ENOENT)' });
    expect(readingMessage(first)).toMatch(/^Balança indisponível/);
    fail = false;
    wire.onEnq = (w) => w.drop(new Error('EPIPE'));
    expect(await scale.read()).toEqual({ kind: 'unavailable', message: 'conexão com a balança caiu: EPIPE' });
    wire.onEnq = (w) => w.frame('00007');
    expect(await scale.read()).toEqual({ kind: 'stable', grams: 7 });
    expect(wire.opens).toBe(2);
    await scale.close();
    expect(wire.closed).toBe(true);
    expect(await scale.read()).toMatchObject({ kind: 'unavailable' });
  });
});
