import type { AxiosInstance } from 'axios';
import { Worker } from 'node:worker_threads';
import { BackgroundQueue } from '../kernel/background';
import { httpThreadMain } from './http-thread';
import { isAxiosError } from './lazy-axios';

/**
 * One POST to a partner, as raw text: what the hub client needs from HTTP.
 * Interpreting the answer (JSON, schema, business error) stays with the caller.
 */
export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Larger answers are refused (never buffered whole). */
  maxBytes: number;
}

export interface PostAnswer {
  status: number;
  text: string;
  retryAfter?: string;
  /** A redirect's target (never followed; the caller names it in the error). */
  location?: string;
}

/**
 * A transport failure (no usable answer): `code` is the system's (ECONNREFUSED,
 * ECONNRESET, ETIMEDOUT…), `aborted` when our own timeout ended it, `tooLarge`
 * when the answer passed `maxBytes`, `status` when one was received.
 */
export class ExchangeError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly aborted: boolean,
    readonly tooLarge: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ExchangeError';
  }
}

export interface HttpExchange {
  post(req: PostRequest): Promise<PostAnswer>;
  close(): void;
}

/** In-process exchange over axios (a test's or a one-off client's). */
export function axiosExchange(http: AxiosInstance): HttpExchange {
  return {
    async post(req) {
      const controller = new AbortController();
      let aborted = false;
      const timer = setTimeout(() => {
        aborted = true;
        controller.abort();
      }, req.timeoutMs);
      try {
        const res = await http.post<string>(req.url, req.body, {
          headers: req.headers,
          timeout: req.timeoutMs,
          signal: controller.signal,
          maxContentLength: req.maxBytes,
          maxBodyLength: req.maxBytes,
        });
        const retryAfter = res.headers?.['retry-after'];
        const location = res.headers?.location;
        return {
          status: res.status,
          text: typeof res.data === 'string' ? res.data : JSON.stringify(res.data),
          ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
          ...(typeof location === 'string' ? { location } : {}),
        };
      } catch (err) {
        if (isAxiosError(err) && /maxContentLength|maxBodyLength/i.test(err.message)) {
          throw new ExchangeError(err.message, err.code, false, true, err.response?.status ?? null);
        }
        const code = isAxiosError(err) ? ((err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.code) : (err as NodeJS.ErrnoException)?.code;
        throw new ExchangeError((err as Error)?.message ?? String(err), code, aborted, false);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {},
  };
}

/** Answers taken up per background job. */
const SETTLE_CHUNK = 4;

type ThreadAnswer = { id: number } & ({ ok: true; status: number; text: string; retryAfter?: string; location?: string } | { ok: false; message: string; code?: string; aborted: boolean; tooLarge: boolean; status: number | null });

/**
 * The partner's HTTP on its own thread: sockets, parsing and timers of the
 * outbox's deliveries (hundreds a second after an outage) run beside the
 * till's event loop instead of between its scans. The main thread only posts
 * a request and receives `{status, text}`. The thread starts at the first
 * call, does not keep the process alive, and is started again if it dies
 * (calls in flight then fail as communication errors and are retried with
 * their same GUID).
 */
export function threadExchange(background: BackgroundQueue = new BackgroundQueue()): HttpExchange {
  let worker: Worker | null = null;
  let nextId = 1;
  let outgoing: ({ id: number } & PostRequest)[] = [];
  const pending = new Map<number, { w: Worker; resolve: (a: PostAnswer) => void; reject: (e: Error) => void }>();
  /** Fails the calls handed to thread `w` (a thread that ended answers nothing more). */
  const failAll = (w: Worker, message: string) => {
    if (worker === w) outgoing = [];
    for (const [id, p] of pending) {
      if (p.w !== w) continue;
      pending.delete(id);
      p.reject(new ExchangeError(message, 'ETHREAD', false, false));
    }
  };
  const start = (): Worker => {
    // Self-contained function → source: no module resolution in the thread (dev, bundle and Electron alike).
    // `__name`: esbuild's keepNames helper, which tsx/vitest may leave in the function's text.
    const w = new Worker(`var __name = (f) => f; (${httpThreadMain.toString()})(require);`, { eval: true, stdout: false, stderr: false });
    w.unref();
    // Answers are taken up as a background job: whatever I/O came in this turn (a scan) goes first.
    // A few per job: each answer resumes its caller (parse, check, log), and a burst is up to 16 of them.
    w.on('message', (answers: ThreadAnswer[]) => {
      for (let i = 0; i < answers.length; i += SETTLE_CHUNK) background.run(() => settle(answers.slice(i, i + SETTLE_CHUNK)));
    });
    const settle = (answers: ThreadAnswer[]) => {
      for (const m of answers) {
        const p = pending.get(m.id);
        if (!p) continue;
        pending.delete(m.id);
        if (m.ok) p.resolve({ status: m.status, text: m.text, ...(m.retryAfter !== undefined ? { retryAfter: m.retryAfter } : {}), ...(m.location !== undefined ? { location: m.location } : {}) });
        else p.reject(new ExchangeError(m.message, m.code, m.aborted, m.tooLarge, m.status));
      }
      if (pending.size === 0) w.unref();
    };
    const gone = (why: string) => {
      failAll(w, why);
      if (worker === w) worker = null;
    };
    w.on('error', (err) => gone(`falha interna no envio: ${err.message}`));
    w.on('exit', () => gone('o envio foi interrompido'));
    return w;
  };
  return {
    post(req) {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<PostAnswer>((resolve, reject) => {
        pending.set(id, { w, resolve, reject });
        if (pending.size === 1) w.ref(); // a call in flight keeps the process alive, like a socket would
        // The calls of one turn (a batch the outbox claimed together) cross in one message.
        if (outgoing.push({ id, ...req }) === 1) {
          queueMicrotask(() => {
            const batch = outgoing;
            outgoing = [];
            if (worker === w && batch.length) w.postMessage(batch);
          });
        }
      });
    },
    close() {
      const w = worker;
      if (!w) return;
      failAll(w, 'o Balcão está fechando');
      worker = null;
      void w.terminate();
    },
  };
}
