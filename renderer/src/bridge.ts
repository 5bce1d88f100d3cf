import type { ApiError, BalcaoBridge, EventName, EventPayload, Input, MethodName, Output, Result } from '../../shared/api';
import { SaleDecoder, utf8Length, type ReplyMessage } from '../../shared/wire';

/**
 * The one door from the screen to the core. In Electron the preload installs
 * `window.balcao`; in a browser (the browser host, Playwright) we build the
 * same shape over HTTP + WebSocket. Components never care which.
 */
declare global {
  interface Window {
    balcao?: BalcaoBridge;
  }
}

const OFFLINE_MESSAGE = 'Sem conexão com o Balcão. Verifique se o programa está aberto e tente de novo.';

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
}

type AnyListener = (payload: unknown) => void;

/**
 * Whether this screen still reaches the Balcão that served it: 'online'; 'offline' (the host does not
 * answer: closed, restarting); 'expired' (a host answers but no longer knows this page's token: it was
 * restarted, the page must be opened again). In Electron there is no host: always 'online'.
 */
export type HostLink = 'online' | 'offline' | 'expired';
export interface LinkWatch {
  get(): HostLink;
  subscribe(listener: (link: HostLink) => void): () => void;
}
const ALWAYS_ONLINE: LinkWatch = { get: () => 'online', subscribe: () => () => {} };

/**
 * Frames larger than this (in UTF-8 bytes, what the host counts; a catalog file) go over HTTP, which has its own
 * body limit. The host closes a socket whose frame passes 1 MB, so this stays well under it.
 */
export const WS_MAX_CALL_BYTES = 512 * 1024;

/**
 * Bridge over the browser host: API calls over the WebSocket /events (one
 * frame each way, see shared/wire.ts) once it is open, POST /api/<method> as
 * the fallback (before it opens, while it reconnects, for big inputs); events
 * on the same socket.
 */
export function createHttpBridge(base: URL = new URL('.', window.location.href), token: string | null = meta('balcao-token')): BalcaoBridge & { link: LinkWatch } {
  const listeners = new Map<string, Set<AnyListener>>();
  let link: HostLink = 'online';
  const linkListeners = new Set<(l: HostLink) => void>();
  const setLink = (l: HostLink) => {
    if (l === link) return;
    link = l;
    for (const f of [...linkListeners]) f(l);
  };
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let socket: WebSocket | null = null;
  let decoder = new SaleDecoder();
  let nextId = 1;
  let retryMs = 250;
  let wanted = false;
  // Built once, not per call.
  const apiBase = new URL('api/', base).href;
  const headers = { 'content-type': 'application/json', 'x-balcao-token': token ?? '' };
  const wsUrl = new URL('events', base);
  wsUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('token', token ?? '');

  const connect = (): void => {
    if (socket || (!wanted && listeners.size === 0)) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(wsUrl);
    } catch {
      return;
    }
    socket = ws;
    decoder = new SaleDecoder();
    ws.onopen = () => {
      retryMs = 250;
      setLink('online');
    };
    ws.onerror = () => {
      /* onclose follows: calls fall back to HTTP, the socket reconnects */
    };
    ws.onmessage = (msg) => {
      let data: ({ event: string; payload: unknown } & Partial<ReplyMessage>) | null = null;
      try {
        data = JSON.parse(String(msg.data));
      } catch {
        return; /* a malformed frame is ignored */
      }
      if (!data) return;
      if (typeof data.reply === 'number') {
        const done = pending.get(data.reply);
        pending.delete(data.reply);
        const result = decoder.decode(data as ReplyMessage);
        done?.(result);
        return;
      }
      for (const l of listeners.get(data.event) ?? []) l(data.payload);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      // What was sent may or may not have run: say so, as a failed fetch does.
      for (const done of pending.values()) done({ ok: false, error: { code: 'host.offline', message: OFFLINE_MESSAGE } });
      pending.clear();
      // Is the host there? A socket that closes (or cannot open) says nothing about why: ask over HTTP (when a screen watches).
      if (linkListeners.size > 0) void probe();
      // Reconnect with a capped backoff while anyone still listens or calls.
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };

  /** Reads the link from one HTTP request: no answer = offline; the token refused = expired (a restarted host). */
  const probe = async () => {
    try {
      const res = await fetch(apiBase + 'outbox.summary', { method: 'POST', headers, body: '{}' });
      const out = (await res.json().catch(() => null)) as Result<unknown> | null;
      setLink(out && !out.ok && out.error.code === 'host.unauthorized' ? 'expired' : 'online');
    } catch {
      setLink('offline');
    }
  };

  const frameOf = (id: number, method: string, body: string) => `{"call":${id},"method":${JSON.stringify(method)},"input":${body}}`;
  const overSocket = (ws: WebSocket, frame: string, id: number): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(frame);
    });

  return {
    async invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
      const body = JSON.stringify(input ?? {});
      if (!wanted) {
        wanted = true;
        connect();
      }
      const ws = socket;
      // Cheap first: a frame of at most WS_MAX_CALL_BYTES / 3 units is under the cap whatever its characters.
      if (ws && ws.readyState === 1 /* OPEN */ && body.length <= WS_MAX_CALL_BYTES) {
        const id = nextId++;
        const frame = frameOf(id, method, body);
        if (frame.length <= WS_MAX_CALL_BYTES / 3 || utf8Length(frame) <= WS_MAX_CALL_BYTES) return (await overSocket(ws, frame, id)) as Result<Output<M>>;
      }
      let res: Response;
      try {
        // No client-side timeout: a busy core answers late, and late is not offline.
        res = await fetch(apiBase + encodeURIComponent(method), { method: 'POST', headers, body });
      } catch {
        // Only a request that got no HTTP answer at all means the host is gone.
        setLink('offline');
        return { ok: false, error: { code: 'host.offline', message: OFFLINE_MESSAGE } };
      }
      // The host answered: whatever the body, this is not "Sem conexão" (an error page is not a lost connection).
      const bad = { ok: false as const, error: { code: 'host.badResponse', message: `Resposta inesperada do Balcão (HTTP ${res.status}). Tente de novo.` } };
      try {
        const out = (await res.json()) as Result<Output<M>>;
        if (out && typeof out === 'object' && 'ok' in out) {
          setLink(!out.ok && out.error.code === 'host.unauthorized' ? 'expired' : 'online');
          return out;
        }
        return bad;
      } catch {
        return bad;
      }
    },
    link: {
      get: () => link,
      subscribe(listener) {
        linkListeners.add(listener);
        // Watching the link needs the socket: its close is what tells.
        wanted = true;
        connect();
        return () => void linkListeners.delete(listener);
      },
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as AnyListener);
      connect();
      return () => {
        set.delete(listener as AnyListener);
        if (set.size === 0) listeners.delete(event);
      };
    },
  };
}

/**
 * Browser host only: streams a file to POST /upload (no base64, no JSON body)
 * and returns its upload id; null in Electron (there the file goes through IPC).
 */
export async function uploadFile(file: Blob, base: URL = new URL('.', window.location.href), token: string | null = meta('balcao-token')): Promise<Result<{ uploadId: string }> | null> {
  if (window.balcao) return null;
  try {
    const res = await fetch(new URL('upload', base), { method: 'POST', headers: { 'x-balcao-token': token ?? '' }, body: file });
    const out = (await res.json()) as Result<{ uploadId: string }>;
    if (out && typeof out === 'object' && 'ok' in out) return out;
    return { ok: false, error: { code: 'host.badResponse', message: `Resposta inesperada do Balcão (HTTP ${res.status}).` } };
  } catch {
    return { ok: false, error: { code: 'host.offline', message: OFFLINE_MESSAGE } };
  }
}

let bridge: (BalcaoBridge & { link?: LinkWatch }) | null = null;

export function getBridge(): BalcaoBridge {
  if (!bridge) bridge = window.balcao ?? createHttpBridge();
  return bridge;
}

/** The screen's link to the Balcão (see HostLink). */
export function hostLink(): LinkWatch {
  getBridge();
  return bridge!.link ?? ALWAYS_ONLINE;
}

/**
 * Asked when the core answers `auth.approvalRequired` (an Operador without a
 * Gerente's approval): shows "PIN do gerente"; resolves true once approved
 * (the call is then repeated, once), false when the person gave up.
 * Installed by renderer/src/users/approval.tsx.
 */
export type ApprovalHandler = (error: ApiError) => Promise<boolean>;
let approvalHandler: ApprovalHandler | null = null;
export function setApprovalHandler(h: ApprovalHandler | null): void {
  approvalHandler = h;
}

/**
 * Asked when the core answers that the session is gone (`auth.locked`: auto-lock, restart; `auth.loginRequired`:
 * a closed shift, a logout elsewhere): the screen reloads users.state and shows the login.
 * Installed by renderer/src/users/LoginGate.tsx.
 */
let sessionLostHandler: (() => void) | null = null;
export function setSessionLostHandler(h: (() => void) | null): void {
  sessionLostHandler = h;
}

/** Shorthand: `await call('sales.scan', { text })`. Gated actions ask for a Gerente's approval on the way. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  const r = await invokeApproved(method, input);
  if (!r.ok && (r.error.code === 'auth.locked' || r.error.code === 'auth.loginRequired')) sessionLostHandler?.();
  return r;
}

async function invokeApproved<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  let r = await getBridge().invoke(method, input);
  while (!r.ok && r.error.code === 'auth.approvalRequired' && approvalHandler) {
    if (!(await approvalHandler(r.error))) {
      return { ok: false, error: { code: 'auth.approvalCancelled', message: 'Ação não realizada: faltou a aprovação do gerente.' } };
    }
    r = await getBridge().invoke(method, input);
  }
  return r;
}
