import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../core/host/server';
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

export const PAYMENT_CONTROL_BASE = '/__control';
export const PAYMENT_CONSOLE_BASE = '/sandbox/pagamentos';
export const SANDBOX_CREDENTIALS = { accessKey: 'sandbox-access-key', secretKey: 'sandbox-secret-key', clientId: 'caixa-01' };

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  let down = false;
  let upTimer: NodeJS.Timeout | null = null;

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
        default:
          return false;
      }
    };
    const early = fault && !fault.afterEffect && fault.kind !== 'refuse';
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
    answer(status, payload);
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

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isControl = url.pathname === PAYMENT_CONTROL_BASE || url.pathname.startsWith(PAYMENT_CONTROL_BASE + '/');
    (isControl ? handleControl(req, res, url, PAYMENT_CONTROL_BASE) : handleApi(req, res, url)).catch((err) => {
      if (!res.headersSent) json(res, 500, { code: 500, message: `erro no sandbox: ${(err as Error).message}` });
    });
  });
  let port = opts.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();
  port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
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
    async setDown(value, forMs) {
      if (upTimer) clearTimeout(upTimer);
      upTimer = null;
      if (value && !down) {
        down = true;
        await stopListening();
        if (forMs) upTimer = setTimeout(() => void control.setDown(false), forMs);
      } else if (!value && down) {
        down = false;
        await listen();
      }
    },
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

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, u: URL, base: string): Promise<void> {
    const sub = u.pathname.slice(base.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    try {
      const text = method === 'POST' ? (await readBody(req, 64 * 1024)).toString('utf8') : '';
      const input = text ? JSON.parse(text) : {};
      if (method === 'GET' && sub === '/') {
        // The console's one script runs under a per-response nonce (the host's CSP allows no inline script).
        const nonce = randomBytes(16).toString('base64');
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        });
        res.end(renderPaymentPage(base, url, nonce));
        return;
      }
      if (method === 'GET' && sub === '/state') {
        return json(res, 200, {
          url,
          down,
          clock: new Date(clock()).toISOString(),
          orders: control.orders().map(orderStatusBody),
          faults: faults.list(),
          requests: received.slice(-30).map((r) => ({ ...r, authorization: undefined })),
        });
      }
      if (method === 'GET' && sub === '/requests') return json(res, 200, received.map((r) => ({ ...r, authorization: r.authorization ? `••••${r.authorization.slice(-4)}` : undefined })));
      const m = /^\/orders\/([^/]+)\/(pay|expire)$/.exec(sub);
      if (method === 'POST' && m) return json(res, 200, orderStatusBody(m[2] === 'pay' ? control.pay(m[1]) : control.expire(m[1])));
      if (method === 'POST' && sub === '/faults') {
        const f = parsePaymentFault(input);
        if ('down' in f) {
          res.on('finish', () => void control.setDown(true, f.forMs));
          return json(res, 200, { ok: true, down: true });
        }
        faults.add(f);
        return json(res, 200, { ok: true, faults: faults.list() });
      }
      if ((method === 'DELETE' && sub === '/faults') || (method === 'POST' && sub === '/faults/clear')) {
        faults.clear();
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/up') {
        await control.setDown(false);
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/tokens/expire') {
        control.expireTokens(input.all === true);
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/clock/advance') {
        if (typeof input.ms !== 'number' || !Number.isFinite(input.ms) || input.ms < 0) throw new Error('ms deve ser um número ≥ 0');
        control.advance(input.ms);
        return json(res, 200, { ok: true, clock: new Date(clock()).toISOString() });
      }
      if (method === 'POST' && sub === '/refunds/settle') {
        control.settleRefunds();
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/reset') {
        control.reset();
        await control.setDown(false);
        return json(res, 200, { ok: true });
      }
      json(res, 404, { error: `controle desconhecido: ${method} ${sub}` });
    } catch (err) {
      json(res, 400, { error: (err as Error).message });
    }
  }

  return {
    url,
    port,
    control,
    consoleRoute: async (req, res, u) => {
      if (u.pathname !== PAYMENT_CONSOLE_BASE && !u.pathname.startsWith(PAYMENT_CONSOLE_BASE + '/')) return false;
      await handleControl(req, res, u, PAYMENT_CONSOLE_BASE);
      return true;
    },
    async close() {
      if (upTimer) clearTimeout(upTimer);
      if (!down) await stopListening();
      down = true;
    },
  };
}
