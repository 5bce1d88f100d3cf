import type http from 'node:http';
import { createRequire } from 'node:module';
import { readBody } from '../../core/host/server';
import { CONTROL_BASE, json, sleep, startSandboxServer, type ControlCall } from '../common/server';
import { PaymentFaults, parsePaymentFault, type PaymentFault, type PaymentRoute } from './faults';
import { renderPaymentPage } from './page';
import { orderStatusBody, PaymentState, type SandboxOrder, type Wallet } from './state';
import { ApiFailure, parseOrder, toCents } from './validate';

type QrCode = typeof import('qrcode');
let qrcode: QrCode | null = null;
/** qrcode (and its PNG encoder) at the first PIX order: the app starts this sandbox on every development start. */
function qrModule(): QrCode {
  qrcode ??= createRequire(import.meta.url)('qrcode') as QrCode;
  return qrcode;
}

/** A request as the sandbox RECEIVED it; `atMs` is the sandbox clock (tests assert poll spacing on it). */
export interface PaymentRequest {
  at: string;
  atMs: number;
  method: string;
  path: string;
  route: PaymentRoute | null;
  authorization: string | undefined;
  body: unknown;
  status: number | null;
  fault: string | null;
}

export interface PaymentSandboxOptions {
  port?: number;
  host?: string;
  /** The sandbox clock (default: wall clock + `advance` offset). */
  now?: () => number;
  /** When set, only these credentials authenticate; default: any non-empty access_key/secret_key/client_id. */
  credentials?: { accessKey: string; secretKey: string } | null;
  /** How long a refund stays refund_pending (sandbox clock ms; 0 = settles at once). Default 5 s. */
  refundSettleMs?: number;
  log?: (line: string) => void;
}

export interface PaymentControl {
  pay(orderId: string): SandboxOrder;
  expire(orderId: string): SandboxOrder;
  /** Moves the sandbox clock forward (tokens and orders expire by it). */
  advance(ms: number): void;
  now(): number;
  expireTokens(all?: boolean): void;
  settleRefunds(): void;
  setRefundSettleMs(ms: number): void;
  setWallets(w: Wallet[]): void;
  setFault(f: PaymentFault): void;
  clearFaults(): void;
  setDown(down: boolean, forMs?: number): Promise<void>;
  orders(): SandboxOrder[];
  order(id: string): SandboxOrder | null;
  requests(route?: PaymentRoute): PaymentRequest[];
  clearRequests(): void;
  reset(): void;
}

export interface PaymentSandbox {
  url: string;
  port: number;
  control: PaymentControl;
  /** Console + control API for another server (the browser host mounts it at /sandbox/pagamentos). */
  consoleRoute: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;
  close(): Promise<void>;
}

export const PAYMENT_CONTROL_BASE = CONTROL_BASE;
export const PAYMENT_CONSOLE_BASE = '/sandbox/pagamentos';
export const SANDBOX_CREDENTIALS = { accessKey: 'sandbox-access-key', secretKey: 'sandbox-secret-key', clientId: 'caixa-01' };


function routeOf(method: string, path: string): { route: PaymentRoute; id?: string } | null {
  if (method === 'POST' && path === '/pdvauth') return { route: 'pdvauth' };
  if (method === 'POST' && path === '/refresh-token') return { route: 'refresh-token' };
  if (method === 'GET' && path === '/v1/wallets') return { route: 'wallets' };
  if (method === 'POST' && path === '/order') return { route: 'order.create' };
  if (method === 'GET' && path === '/orders/list') return { route: 'orders.list' };
  let m = /^\/order\/([^/]+)\/refund$/.exec(path);
  if (m && method === 'DELETE') return { route: 'order.refund', id: m[1] };
  m = /^\/order\/([^/]+)$/.exec(path);
  if (m && method === 'GET') return { route: 'order.get', id: m[1] };
  if (m && method === 'DELETE') return { route: 'order.cancel', id: m[1] };
  return null;
}

export async function startPaymentSandbox(opts: PaymentSandboxOptions = {}): Promise<PaymentSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  let offsetMs = 0;
  const base = opts.now ?? Date.now;
  const clock = () => base() + offsetMs;
  const state = new PaymentState(() => clock());
  state.refundSettleMs = opts.refundSettleMs ?? 5_000;
  const faults = new PaymentFaults();
  let received: PaymentRequest[] = [];

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    let body: unknown = null;
    let badJson = false;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      badJson = true;
    }
    const r = routeOf(method, url.pathname);
    const t = clock();
    const entry: PaymentRequest = { at: new Date(t).toISOString(), atMs: t, method, path: url.pathname + url.search, route: r?.route ?? null, authorization: req.headers.authorization, body, status: null, fault: null };
    received.push(entry);
    if (received.length > 2000) received = received.slice(-2000);
    const answer = (status: number, payload: unknown) => {
      entry.status = status;
      json(res, status, payload);
      log(`[payment-sandbox] ${method} ${url.pathname} → ${status}`);
    };
    if (!r) return answer(404, { code: 404, message: `Not Found: ${method} ${url.pathname}` });
    const fault = faults.take(r.route);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'latency') await sleep(fault.latencyMs ?? 2000);
    const applyFault = (f: PaymentFault): boolean => {
      switch (f.kind) {
        case 'http500':
          entry.status = f.status ?? 500;
          res.writeHead(entry.status, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Internal Server Error');
          return true;
        case 'timeout':
          return true; // never answers
        case 'drop':
          req.socket.destroy();
          return true;
        case 'malformed':
          if (f.malformed === 'wrong-shape') answer(200, { order_id: 42, status: ['pending'], paid_amount: 'muito', total_order: 1e308 });
          else {
            entry.status = 200;
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end('<html><body><h1>Erro</h1>Serviço indisponível</body></html>');
          }
          return true;
        case 'unauthorized':
          answer(401, { code: 401, message: 'Unauthenticated User.' });
          return true;
        case 'redirect':
          entry.status = f.status ?? 307;
          res.writeHead(entry.status, { location: f.location ?? 'http://127.0.0.1:9/', 'content-type': 'text/plain; charset=utf-8' });
          res.end('Moved');
          return true;
        default:
          return false;
      }
    };
    const early = fault && !fault.afterEffect && fault.kind !== 'refuse' && fault.kind !== 'tamper' && fault.kind !== 'drip';
    if (early && applyFault(fault)) return;

    let status = 200;
    let payload: unknown;
    try {
      if (badJson) throw new ApiFailure(400, 'Body is not valid JSON');
      payload = await route(r.route, r.id, req, body, url, fault?.kind === 'refuse');
    } catch (err) {
      if (!(err instanceof ApiFailure)) throw err;
      status = err.status;
      payload = { code: err.status, message: err.message };
    }
    if (fault && fault.afterEffect && applyFault(fault)) return;
    if (fault?.kind === 'tamper' && status < 300) payload = tampered(payload, fault);
    if (fault?.kind === 'drip') {
      entry.status = status;
      return drip(res, status, payload, fault.dripMs ?? 1000);
    }
    answer(status, payload);
  }

  /** A malicious API's answer: the real one with fields changed, or another body altogether. */
  function tampered(payload: unknown, f: PaymentFault): unknown {
    if (f.body !== undefined) return f.body;
    const p = payload as { data?: unknown[] } & Record<string, unknown>;
    if (Array.isArray(p?.data)) return { ...p, data: p.data.map((o) => ({ ...(o as object), ...f.merge })) };
    return { ...p, ...f.merge };
  }

  /** The answer one byte at a time (each byte well inside any idle timeout): only an overall deadline stops it. */
  function drip(res: http.ServerResponse, status: number, payload: unknown, everyMs: number): void {
    const bytes = Buffer.from(JSON.stringify(payload));
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    let i = 0;
    const next = () => {
      if (res.destroyed || i >= bytes.length) return void res.end();
      res.write(bytes.subarray(i, ++i));
      setTimeout(next, everyMs).unref();
    };
    res.on('close', () => (i = bytes.length));
    next();
  }

  function bearer(req: http.IncomingMessage): string | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return m?.[1];
  }

  async function route(r: PaymentRoute, id: string | undefined, req: http.IncomingMessage, body: unknown, url: URL, refuse: boolean): Promise<unknown> {
    if (r === 'pdvauth') {
      const b = (body ?? {}) as Record<string, unknown>;
      const ok =
        typeof b.access_key === 'string' && b.access_key !== '' && typeof b.secret_key === 'string' && b.secret_key !== '' && typeof b.client_id === 'string' && b.client_id !== '' &&
        (!opts.credentials || (b.access_key === opts.credentials.accessKey && b.secret_key === opts.credentials.secretKey));
      if (!ok) throw new ApiFailure(401, 'Unauthenticated User.');
      return state.issueTokens(b.client_id as string);
    }
    if (r === 'refresh-token') {
      const tok = bearer(req);
      if (!state.tokenValid(tok, 'refresh')) throw new ApiFailure(401, 'Unauthenticated User.');
      if (body !== null) throw new ApiFailure(400, 'refresh-token takes no body');
      return state.issueTokens(state.tokens.get(tok!)!.clientId);
    }
    if (!state.tokenValid(bearer(req), 'access')) throw new ApiFailure(401, 'Unauthenticated User.');
    if (req.method !== 'GET' && r !== 'order.cancel' && !/application\/json/i.test(req.headers['content-type'] ?? '')) throw new ApiFailure(400, 'Content-Type must be application/json');
    switch (r) {
      case 'wallets':
        return state.wallets;
      case 'order.create': {
        const parsed = parseOrder(body, state.wallets.filter((w) => w.active).map((w) => w.wallet));
        if (state.byExternalId(parsed.order_ref).length > 0) throw new ApiFailure(400, `order_ref already used: ${parsed.order_ref}`);
        const o = state.createOrder(parsed);
        const w = state.wallets.find((x) => x.wallet === o.wallet)!;
        return {
          order_id: o.orderId,
          qr_code: await qrModule().toDataURL(o.qrCodeText, { margin: 1 }),
          qr_code_text: o.qrCodeText,
          deep_link: o.wallet === 'pix' ? null : `https://sandbox.balcao.dev/pay/${o.orderId}`,
          pix_dict_key: w.pix_dict_key,
          pix_psp: w.pix_psp,
          status: o.status,
          wallet: o.wallet,
        };
      }
      case 'orders.list': {
        const ref = url.searchParams.get('external_id');
        if (!ref) throw new ApiFailure(400, 'external_id is required');
        const list = state.byExternalId(ref).map((o) => ({ ...orderStatusBody(o), qr_code_text: o.qrCodeText }));
        return { count: list.length, data: list };
      }
      case 'order.get': {
        const o = state.get(id!);
        if (!o) throw new ApiFailure(404, 'Order not Found');
        return orderStatusBody(o);
      }
      case 'order.cancel': {
        if (body !== null) throw new ApiFailure(400, 'DELETE /order takes no body');
        const o = state.get(id!);
        if (!o) throw new ApiFailure(404, 'Order not Found');
        return { order_id: o.orderId, status: state.cancel(o, refuse) };
      }
      case 'order.refund': {
        const o = state.get(id!);
        if (!o) throw new ApiFailure(404, 'Order not Found');
        const amount = toCents((body as { amount?: unknown } | null)?.amount, 'amount');
        if (o.status !== 'approved' && o.status !== 'partial_refunded') throw new ApiFailure(400, `Order cannot be refunded in status ${o.status}`);
        if (amount > o.paidCents - o.refundedCents) throw new ApiFailure(400, 'amount is greater than the refundable amount');
        if (refuse) return { message: 'Refund failed', order_id: o.orderId, status: 'approved' };
        const s = state.refund(o, amount);
        return { message: s === 'refund_pending' ? 'Refund requested' : 'Refunded', order_id: o.orderId, status: s };
      }
    }
    throw new ApiFailure(404, 'Not Found');
  }

  const srv = await startSandboxServer({
    host,
    port: opts.port ?? 0,
    consoleBase: PAYMENT_CONSOLE_BASE,
    api: handleApi,
    crashBody: (message) => ({ code: 500, message }),
    page: renderPaymentPage,
    control: ownControl,
    clearFaults: () => faults.clear(),
    reset: () => control.reset(),
  });

  const control: PaymentControl = {
    pay: (id) => state.pay(id),
    expire: (id) => state.expire(id),
    advance: (ms) => {
      offsetMs += ms;
    },
    now: () => clock(),
    expireTokens: (all) => state.expireTokens(all),
    settleRefunds: () => state.settleAll(),
    setRefundSettleMs: (ms) => {
      state.refundSettleMs = ms;
    },
    setWallets: (w) => {
      state.wallets = w;
    },
    setFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    setDown: (value, forMs) => srv.setDown(value, forMs),
    orders: () => [...state.orders.values()].map((o) => state.tick(o)),
    order: (id) => state.get(id),
    requests: (r) => received.filter((x) => !r || x.route === r),
    clearRequests: () => {
      received = [];
    },
    reset() {
      state.reset();
      faults.clear();
      received = [];
    },
  };

  /** The payment API's own control routes (the page, clear faults, up and reset are common). */
  function ownControl({ res, method, sub, input }: ControlCall): boolean {
    const m = /^\/orders\/([^/]+)\/(pay|expire)$/.exec(sub);
    if (method === 'GET' && sub === '/state') {
      json(res, 200, {
        url: srv.url,
        down: srv.isDown(),
        clock: new Date(clock()).toISOString(),
        orders: control.orders().map(orderStatusBody),
        faults: faults.list(),
        requests: received.slice(-30).map((r) => ({ ...r, authorization: undefined })),
      });
    } else if (method === 'GET' && sub === '/requests') json(res, 200, received.map((r) => ({ ...r, authorization: r.authorization ? `••••${r.authorization.slice(-4)}` : undefined })));
    else if (method === 'POST' && m) json(res, 200, orderStatusBody(m[2] === 'pay' ? control.pay(m[1]) : control.expire(m[1])));
    else if (method === 'POST' && sub === '/faults') {
      const f = parsePaymentFault(input);
      if ('down' in f) {
        srv.downAfter(res, f.forMs);
        json(res, 200, { ok: true, down: true });
      } else {
        faults.add(f);
        json(res, 200, { ok: true, faults: faults.list() });
      }
    } else if (method === 'POST' && sub === '/tokens/expire') {
      control.expireTokens(input.all === true);
      json(res, 200, { ok: true });
    } else if (method === 'POST' && sub === '/clock/advance') {
      if (typeof input.ms !== 'number' || !Number.isFinite(input.ms) || input.ms < 0) throw new Error('ms deve ser um número ≥ 0');
      control.advance(input.ms);
      json(res, 200, { ok: true, clock: new Date(clock()).toISOString() });
    } else if (method === 'POST' && sub === '/refunds/settle') {
      control.settleRefunds();
      json(res, 200, { ok: true });
    } else return false;
    return true;
  }

  return {
    url: srv.url,
    port: srv.port,
    control,
    consoleRoute: srv.consoleRoute,
    close: srv.close,
  };
}
