import type { ApiError, BalcaoBridge, EventName, EventPayload, Input, MethodName, Output, Result } from '../../shared/api';

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

/** Bridge over the browser host: POST /api/<method>, events on ws /events. */
export function createHttpBridge(base: URL = new URL('.', window.location.href), token: string | null = meta('balcao-token')): BalcaoBridge {
  const listeners = new Map<string, Set<AnyListener>>();
  let socket: WebSocket | null = null;
  let retryMs = 250;

  const connect = (): void => {
    if (socket || listeners.size === 0) return;
    const wsUrl = new URL('events', base);
    wsUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl.searchParams.set('token', token ?? '');
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
    };
    ws.onmessage = (msg) => {
      try {
        const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
        for (const l of listeners.get(event) ?? []) l(payload);
      } catch {
        /* a malformed frame is ignored */
      }
    };
    ws.onclose = () => {
      socket = null;
      // Reconnect with a capped backoff while anyone still listens.
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };

  return {
    async invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
      let res: Response;
      try {
        // No client-side timeout: a busy core answers late, and late is not offline.
        res = await fetch(new URL(`api/${encodeURIComponent(method)}`, base), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-balcao-token': token ?? '' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        // Only a request that got no HTTP answer at all means the host is gone.
        return { ok: false, error: { code: 'host.offline', message: OFFLINE_MESSAGE } };
      }
      // The host answered: whatever the body, this is not "Sem conexão" (an error page is not a lost connection).
      const bad = { ok: false as const, error: { code: 'host.badResponse', message: `Resposta inesperada do Balcão (HTTP ${res.status}). Tente de novo.` } };
      try {
        const body = (await res.json()) as Result<Output<M>>;
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return bad;
      } catch {
        return bad;
      }
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

let bridge: BalcaoBridge | null = null;

export function getBridge(): BalcaoBridge {
  if (!bridge) bridge = window.balcao ?? createHttpBridge();
  return bridge;
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

/** Shorthand: `await call('sales.scan', { text })`. Gated actions ask for a Gerente's approval on the way. */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  let r = await getBridge().invoke(method, input);
  while (!r.ok && r.error.code === 'auth.approvalRequired' && approvalHandler) {
    if (!(await approvalHandler(r.error))) {
      return { ok: false, error: { code: 'auth.approvalCancelled', message: 'Ação não realizada: faltou a aprovação do gerente.' } };
    }
    r = await getBridge().invoke(method, input);
  }
  return r;
}
