import type { AxiosError, AxiosInstance } from 'axios';
import { z } from 'zod';
import { AppError } from '../../kernel/errors';
import { loadAxios } from '../../net/lazy-axios';
import { redirectMessage } from '../../net/partner';
import { centsToDecimal } from '../../../shared/money';
import { boundedCents, PaymentAnswerError } from './bounded';
import { parseApiDate } from './dates';

export interface PaymentConnection {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  clientId: string;
  /** The configured wallet ("Carteira"), or null to choose. */
  wallet: string | null;
}

/**
 * Why a call failed. `refused`: nothing reached the API (down). `unknown`: the
 * request may have been processed (timeout, dropped, 5xx) — an order create
 * must be looked up before another is made.
 */
export type PaymentFailure = 'refused' | 'unknown' | 'business' | 'auth' | 'badAnswer';

export class PaymentApiError extends AppError {
  constructor(
    readonly failure: PaymentFailure,
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(`payment.${failure}`, message);
    this.name = 'PaymentApiError';
  }
  get communication(): boolean {
    return this.failure === 'refused' || this.failure === 'unknown';
  }
}

export type ApiOrderStatus = 'pending' | 'pendingv' | 'approved' | 'expired' | 'cancelled' | 'refund_pending' | 'refunded' | 'partial_refunded';
const Status = z.enum(['pending', 'pendingv', 'approved', 'expired', 'cancelled', 'refund_pending', 'refunded', 'partial_refunded']);

const TokenAnswer = z.object({
  access_token: z.string().min(1).max(4096),
  access_token_expires_in: z.number().finite().positive().max(10 * 365 * 86400),
  refresh_token: z.string().min(1).max(4096),
  refresh_token_expires_in: z.number().finite().positive().max(10 * 365 * 86400),
});
export const WalletAnswer = z.object({
  wallet: z.string().min(1).max(64),
  friendly_name: z.string().max(200).nullish(),
  active: z.boolean().nullish(),
  default: z.boolean().nullish(),
});
export type ApiWallet = z.infer<typeof WalletAnswer>;
const CreateAnswer = z.object({
  order_id: z.string().min(1).max(100),
  qr_code_text: z.string().max(2048).nullish(),
  deep_link: z.string().max(2048).nullish(),
  status: Status,
  wallet: z.string().max(64).nullish(),
});
const OrderAnswer = z.object({
  order_id: z.string().min(1).max(100),
  status: Status,
  paid_amount: z.unknown().optional(),
  total_order: z.unknown().optional(),
  refunded_amount: z.unknown().optional(),
  external_id: z.string().max(100).nullish(),
  wallet: z.string().max(64).nullish(),
  wallet_payment_id: z.string().max(200).nullish(),
  qr_code_text: z.string().max(2048).nullish(),
  created_at: z.unknown().optional(),
  payment_date: z.unknown().optional(),
  updated_at: z.unknown().optional(),
});
const ChangeAnswer = z.object({ order_id: z.string().max(100).nullish(), status: Status, message: z.string().max(500).nullish() });

export interface OrderInfo {
  orderId: string;
  status: ApiOrderStatus;
  paidCents: number | null;
  totalCents: number | null;
  refundedCents: number | null;
  externalId: string | null;
  wallet: string | null;
  walletPaymentId: string | null;
  qrCodeText: string | null;
  createdAt: Date | null;
  paidAt: Date | null;
}

export interface CreateOrderInput {
  orderRef: string;
  wallet: string;
  totalCents: number;
  items: { title: string; quantity: number; unitCents: number; ean?: string; sku?: string }[];
}

export interface PaymentClientDeps {
  connection: () => PaymentConnection;
  now?: () => number;
  http?: AxiosInstance;
  /** One deadline for the whole call: connect + headers + body (default 15 s). */
  timeoutMs?: number;
  /** Largest answer body accepted (bytes). */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

interface Tokens {
  key: string;
  access: string;
  accessExpMs: number;
  refresh: string;
  refreshExpMs: number;
}

/** Margin before a token's end at which it is no longer used. */
const TOKEN_MARGIN_MS = 60_000;

/**
 * The payment API (Shipay-compatible PDV API): token reuse until it expires,
 * refresh, and on a 401 "refresh once, else authenticate again, then retry
 * once". Every answer is validated and its amounts bounded before use.
 */
export class PaymentClient {
  private tokens: Tokens | null = null;
  private http_: AxiosInstance | null;
  private readonly now: () => number;

  constructor(private readonly deps: PaymentClientDeps) {
    this.now = deps.now ?? Date.now;
    this.http_ = deps.http ?? null;
  }

  /** Built at the first call: axios is not loaded at start (see ../net/lazy-axios). */
  private get http(): AxiosInstance {
    this.http_ ??= loadAxios().create({
      timeout: this.deps.timeoutMs ?? 15_000,
      // A redirect is answered to us, never followed (the body may carry secret_key or create an order elsewhere).
      maxRedirects: 0,
      maxContentLength: this.deps.maxBodyBytes ?? 256 * 1024,
      maxBodyLength: 64 * 1024,
      responseType: 'text',
      transformResponse: (r) => r,
      validateStatus: () => true,
      proxy: false,
    });
    return this.http_;
  }

  /** Forgets the tokens (after the credentials changed). */
  reset(): void {
    this.tokens = null;
  }

  async wallets(): Promise<ApiWallet[]> {
    const body = await this.call('GET', '/v1/wallets');
    const list = z.array(WalletAnswer).max(200).safeParse(body);
    if (!list.success) throw new PaymentAnswerError('lista de carteiras fora do padrão');
    return list.data;
  }

  /** The configured wallet; else the only one; else "pix"; else the first. Empty → clear error. */
  async chooseWallet(configured: string | null, formCode = 17): Promise<string> {
    const all = (await this.wallets()).filter((w) => w.active !== false);
    if (all.length === 0) throw new AppError('payment.noWallet', 'Nenhuma carteira digital ativa para este caixa na API de pagamento. Associe uma carteira no painel.');
    if (configured) {
      if (all.some((w) => w.wallet === configured)) return configured;
      throw new AppError('payment.noWallet', `A carteira configurada (${configured}) não está ativa para este caixa.`);
    }
    if (all.length === 1) return all[0].wallet;
    if (formCode === 18) return (all.find((w) => w.wallet !== 'pix') ?? all[0]).wallet;
    return (all.find((w) => w.wallet === 'pix') ?? all[0]).wallet;
  }

  async createOrder(input: CreateOrderInput): Promise<{ orderId: string; status: ApiOrderStatus; qrCodeText: string | null; deepLink: string | null; wallet: string | null }> {
    const body = {
      order_ref: input.orderRef,
      wallet: input.wallet,
      total: centsToDecimal(input.totalCents),
      items: input.items.map((i) => ({ item_title: i.title, quantity: i.quantity, unit_price: centsToDecimal(i.unitCents), ...(i.ean ? { ean: i.ean } : {}), ...(i.sku ? { sku: i.sku } : {}) })),
    };
    const a = CreateAnswer.safeParse(await this.call('POST', '/order', body));
    if (!a.success) throw new PaymentAnswerError('criação do pedido fora do padrão');
    return { orderId: a.data.order_id, status: a.data.status, qrCodeText: a.data.qr_code_text ?? null, deepLink: a.data.deep_link ?? null, wallet: a.data.wallet ?? null };
  }

  async getOrder(orderId: string): Promise<OrderInfo> {
    return toOrder(await this.call('GET', `/order/${encodeURIComponent(orderId)}`));
  }

  /** GET /orders/list?external_id=…: the orders made with this order_ref (an order without it, or with another, is not ours). */
  async findByExternalId(orderRef: string): Promise<OrderInfo[]> {
    const body = await this.call('GET', `/orders/list?external_id=${encodeURIComponent(orderRef)}`);
    const list = Array.isArray(body) ? body : (body as { data?: unknown; orders?: unknown; items?: unknown })?.data ?? (body as { orders?: unknown })?.orders ?? (body as { items?: unknown })?.items;
    if (!Array.isArray(list) || list.length > 100) throw new PaymentAnswerError('busca de pedidos fora do padrão');
    return list.map(toOrder).filter((o) => o.externalId === orderRef);
  }

  async cancelOrder(orderId: string): Promise<ApiOrderStatus> {
    const a = ChangeAnswer.safeParse(await this.call('DELETE', `/order/${encodeURIComponent(orderId)}`));
    if (!a.success) throw new PaymentAnswerError('cancelamento fora do padrão');
    return a.data.status;
  }

  async refundOrder(orderId: string, cents: number): Promise<ApiOrderStatus> {
    const a = ChangeAnswer.safeParse(await this.call('DELETE', `/order/${encodeURIComponent(orderId)}/refund`, { amount: centsToDecimal(cents) }));
    if (!a.success) throw new PaymentAnswerError('estorno fora do padrão');
    return a.data.status;
  }

  // ---- transport -----------------------------------------------------------

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const conn = this.deps.connection();
    let token = await this.accessToken(conn);
    let r = await this.send(conn, method, path, body, token);
    if (r.status === 401) {
      token = await this.reauthenticate(conn);
      r = await this.send(conn, method, path, body, token);
      if (r.status === 401) throw new PaymentApiError('auth', 'A API de pagamento recusou as credenciais (401). Confira Access Key, Secret Key e Client ID em Configurações > Pagamentos.', 401);
    }
    return this.answer(r);
  }

  private answer(r: { status: number; data: unknown }): unknown {
    const parsed = parseJson(r.data);
    if (r.status >= 200 && r.status < 300) {
      if (parsed === undefined) throw new PaymentAnswerError('o corpo não é JSON');
      return parsed;
    }
    const msg = typeof (parsed as { message?: unknown })?.message === 'string' ? String((parsed as { message: string }).message).slice(0, 300) : null;
    if (r.status >= 500) throw new PaymentApiError('unknown', `A API de pagamento falhou (HTTP ${r.status}${msg ? `: ${msg}` : ''}).`, r.status);
    if (r.status === 401 || r.status === 403) throw new PaymentApiError('auth', `Acesso negado pela API de pagamento (HTTP ${r.status}${msg ? `: ${msg}` : ''}).`, r.status);
    throw new PaymentApiError('business', `API de pagamento: ${msg ?? `HTTP ${r.status}`}`, r.status);
  }

  private async send(conn: PaymentConnection, method: string, path: string, body: unknown, token: string | null, bearer?: string) {
    const url = conn.baseUrl.replace(/\/+$/, '') + path;
    const started = this.now();
    let r: { status: number; data: unknown; headers?: Record<string, unknown> };
    try {
      r = await this.http.request({
        method,
        url,
        // axios' `timeout` is an idle timer (an answer dripping a byte a second never trips it): this is the call's whole life.
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 15_000),
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: {
          ...(body !== undefined || method !== 'GET' ? { 'Content-Type': 'application/json' } : {}),
          ...((bearer ?? token) ? { Authorization: `Bearer ${bearer ?? token}` } : {}),
        },
      });
      this.deps.log?.(`[pagamento] ${method} ${path.replace(/\?.*/, '')} → ${r.status} (${this.now() - started} ms)`);
    } catch (err) {
      throw toFailure(err, method, path, this.deps.log);
    }
    if (r.status >= 300 && r.status < 400) {
      throw new PaymentApiError('unknown', redirectMessage('A API de pagamento', r.status, r.headers?.location, url), r.status);
    }
    return { status: r.status, data: r.data as unknown };
  }

  private keyOf(c: PaymentConnection): string {
    return `${c.baseUrl}|${c.accessKey}|${c.clientId}`;
  }

  private async accessToken(conn: PaymentConnection): Promise<string> {
    const t = this.tokens;
    const now = this.now();
    if (t && t.key === this.keyOf(conn) && t.accessExpMs - TOKEN_MARGIN_MS > now) return t.access;
    return this.reauthenticate(conn);
  }

  /** Refresh once if the refresh token is still good, else /pdvauth. */
  private async reauthenticate(conn: PaymentConnection): Promise<string> {
    const t = this.tokens;
    if (t && t.key === this.keyOf(conn) && t.refreshExpMs - TOKEN_MARGIN_MS > this.now()) {
      const r = await this.send(conn, 'POST', '/refresh-token', undefined, null, t.refresh);
      if (r.status === 200) return this.keep(conn, r.data);
    }
    return this.authenticate(conn);
  }

  /** POST /pdvauth with the caixa's credentials. */
  async authenticate(conn: PaymentConnection = this.deps.connection()): Promise<string> {
    const r = await this.send(conn, 'POST', '/pdvauth', { access_key: conn.accessKey, secret_key: conn.secretKey, client_id: conn.clientId }, null);
    if (r.status === 401 || r.status === 403) {
      this.tokens = null;
      throw new PaymentApiError('auth', 'A API de pagamento recusou as credenciais. Confira Access Key, Secret Key e Client ID em Configurações > Pagamentos.', r.status);
    }
    return this.keep(conn, this.answer(r), true);
  }

  private keep(conn: PaymentConnection, data: unknown, parsed = false): string {
    const a = TokenAnswer.safeParse(parsed ? data : parseJson(data));
    if (!a.success) throw new PaymentAnswerError('autenticação fora do padrão');
    const now = this.now();
    this.tokens = {
      key: this.keyOf(conn),
      access: a.data.access_token,
      accessExpMs: now + a.data.access_token_expires_in * 1000,
      refresh: a.data.refresh_token,
      refreshExpMs: now + a.data.refresh_token_expires_in * 1000,
    };
    return a.data.access_token;
  }
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data ?? undefined;
  if (!data.trim()) return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function toOrder(raw: unknown): OrderInfo {
  const a = OrderAnswer.safeParse(raw);
  if (!a.success) throw new PaymentAnswerError('consulta do pedido fora do padrão');
  const o = a.data;
  const opt = (v: unknown, f: string) => (v === undefined || v === null ? null : boundedCents(v, f));
  return {
    orderId: o.order_id,
    status: o.status,
    paidCents: opt(o.paid_amount, 'paid_amount'),
    totalCents: opt(o.total_order, 'total_order'),
    refundedCents: opt(o.refunded_amount, 'refunded_amount'),
    externalId: o.external_id ?? null,
    wallet: o.wallet ?? null,
    walletPaymentId: o.wallet_payment_id ?? null,
    qrCodeText: o.qr_code_text ?? null,
    createdAt: parseApiDate(o.created_at),
    paidAt: parseApiDate(o.payment_date),
  };
}

function toFailure(err: unknown, method: string, path: string, log?: (l: string) => void): PaymentApiError {
  const e = err as AxiosError;
  const code = e.code ?? '';
  log?.(`[pagamento] ${method} ${path.replace(/\?.*/, '')} falhou: ${code} ${e.message}`);
  if (/maxContentLength/i.test(e.message)) return new PaymentApiError('badAnswer', 'Resposta grande demais da API de pagamento (acima do limite aceito).');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new PaymentApiError('refused', 'A API de pagamento está fora do ar ou inacessível. Escolha outra forma de pagamento.');
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || (err as Error)?.name === 'TimeoutError') return new PaymentApiError('unknown', 'A API de pagamento não respondeu a tempo.');
  return new PaymentApiError('unknown', `Falha de comunicação com a API de pagamento (${code || e.message}).`);
}
