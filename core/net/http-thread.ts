/**
 * The body of the partner-HTTP thread (see `threadExchange` in ./exchange).
 * It runs from its SOURCE TEXT in a worker started with `eval: true`, so it
 * must be self-contained: no imports, no outer variables, only Node built-ins
 * through `load` (the thread's `require`, passed in: a bundler rewrites a
 * literal `require` into its own helper, which the thread would not have). Plain `http`/`https` with Node's default agents (keep-
 * alive), no redirects, no proxy, no compression asked: the same as the
 * axios client it replaces for the hub.
 */
export function httpThreadMain(load: (id: string) => unknown): void {
  const { parentPort } = load('node:worker_threads') as typeof import('node:worker_threads');
  const http = load('node:http') as typeof import('node:http');
  const https = load('node:https') as typeof import('node:https');
  lowerPriority();
  interface Req {
    id: number;
    url: string;
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    maxBytes: number;
  }
  // Answers finishing in one turn go back in one message (fewer wake-ups of the till's thread).
  let answers: Record<string, unknown>[] = [];
  const send = (answer: Record<string, unknown>) => {
    if (answers.push(answer) === 1) {
      setImmediate(() => {
        const batch = answers;
        answers = [];
        parentPort!.postMessage(batch);
      });
    }
  };
  parentPort!.on('message', (batch: Req[]) => {
    for (const m of batch) request(m);
  });
  /**
   * This thread's work is background (a drain after an outage): on Linux it runs at nice 10, so that on a
   * small machine the till's thread is not preempted by it at every wake-up (each answer, each request).
   * Only this thread (a TID), best effort: elsewhere it runs at the process's priority.
   */
  function lowerPriority(): void {
    if (process.env.BALCAO_HTTP_NICE === '0') return;
    try {
      const fs = load('node:fs') as typeof import('node:fs');
      const os = load('node:os') as typeof import('node:os');
      const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
      if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) os.setPriority(tid, Math.max(os.getPriority(tid), 10));
    } catch {
      // not Linux, or not allowed: same priority as the rest of the app
    }
  }

  function request(m: Req): void {
    let done = false;
    let aborted = false;
    const reply = (answer: Record<string, unknown>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      send({ id: m.id, ...answer });
    };
    const fail = (err: NodeJS.ErrnoException | Error, extra: { tooLarge?: boolean; status?: number | null } = {}) =>
      reply({ ok: false, message: err.message, code: (err as NodeJS.ErrnoException).code, aborted, tooLarge: extra.tooLarge ?? false, status: extra.status ?? null });
    let url: URL;
    try {
      url = new URL(m.url);
    } catch (err) {
      return fail(err as Error);
    }
    const body = Buffer.from(m.body, 'utf8');
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method: 'POST', headers: { ...m.headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > m.maxBytes) {
          fail(new Error(`maxContentLength size of ${m.maxBytes} exceeded`), { tooLarge: true, status: res.statusCode ?? null });
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        const location = res.headers.location;
        reply({
          ok: true,
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
          ...(typeof location === 'string' ? { location } : {}),
        });
      });
      res.on('error', (err) => fail(err));
      res.on('aborted', () => fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    });
    const timer = setTimeout(() => {
      aborted = true;
      fail(Object.assign(new Error(`timeout of ${m.timeoutMs}ms exceeded`), { code: 'ECONNABORTED' }));
      req.destroy();
    }, m.timeoutMs);
    req.on('error', (err) => fail(err));
    req.end(body);
  }
}
