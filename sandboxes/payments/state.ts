import { randomUUID } from 'node:crypto';
import { buildPixCopiaECola } from './emv';

/** Order statuses of the payment API (Shipay's). */
export type OrderStatus = 'pending' | 'approved' | 'expired' | 'cancelled' | 'refund_pending' | 'refunded' | 'partial_refunded';

export interface SandboxOrder {
  orderId: string;
  orderRef: string;
  wallet: string;
  totalCents: number;
  items: { item_title: string; quantity: number; unit_price: number; ean?: string; sku?: string }[];
  status: OrderStatus;
  paidCents: number;
  refundedCents: number;
  /** Refund asked and not settled yet: amount and when it settles (sandbox clock ms). */
  refundPending: { cents: number; settlesAtMs: number } | null;
  walletPaymentId: string | null;
  qrCodeText: string;
  createdAtMs: number;
  paidAtMs: number | null;
  updatedAtMs: number;
  expiresAtMs: number;
}

export interface Wallet {
  wallet: string;
  friendly_name: string;
  pix_dict_key: string | null;
  pix_psp: string | null;
  active: boolean;
  minimum_payment: number;
  default: boolean;
}

export const DEFAULT_WALLETS: Wallet[] = [
  { wallet: 'pix', friendly_name: 'Pix', pix_dict_key: 'pix@loja.balcao.dev', pix_psp: 'Banco Sandbox', active: true, minimum_payment: 0.01, default: true },
  { wallet: 'mercadopago', friendly_name: 'Mercado Pago', pix_dict_key: null, pix_psp: null, active: true, minimum_payment: 0.01, default: false },
];

export const ORDER_TTL_MS = 60 * 60_000;
export const ACCESS_TTL_S = 14_400;
export const REFRESH_TTL_S = 28_800;

interface Token {
  kind: 'access' | 'refresh';
  clientId: string;
  expiresAtMs: number;
}

/** A PIX end-to-end id: E + ISPB(8) + yyyyMMddHHmm + 11 alphanumerics (32 chars). */
function endToEndId(atMs: number): string {
  const d = new Date(atMs);
  const stamp = d.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const tail = randomUUID().replace(/-/g, '').slice(0, 11).toUpperCase();
  return `E18236120${stamp}${tail}`.slice(0, 32);
}

/** Everything the sandbox remembers; the clock is the sandbox's (tests move it). */
export class PaymentState {
  orders = new Map<string, SandboxOrder>();
  tokens = new Map<string, Token>();
  wallets: Wallet[] = DEFAULT_WALLETS.map((w) => ({ ...w }));
  refundSettleMs = 5_000;

  constructor(readonly now: () => number) {}

  issueTokens(clientId: string) {
    const access = randomUUID();
    const refresh = randomUUID();
    const t = this.now();
    this.tokens.set(access, { kind: 'access', clientId, expiresAtMs: t + ACCESS_TTL_S * 1000 });
    this.tokens.set(refresh, { kind: 'refresh', clientId, expiresAtMs: t + REFRESH_TTL_S * 1000 });
    return { access_token: access, access_token_expires_in: ACCESS_TTL_S, refresh_token: refresh, refresh_token_expires_in: REFRESH_TTL_S, token_type: 'Bearer' };
  }

  tokenValid(token: string | undefined, kind: Token['kind']): boolean {
    const t = token ? this.tokens.get(token) : undefined;
    return !!t && t.kind === kind && t.expiresAtMs > this.now();
  }

  /** Every access token expires now (the "401 expiry" fault); refresh tokens stay valid unless `all`. */
  expireTokens(all = false): void {
    const t = this.now();
    for (const tok of this.tokens.values()) if (tok.kind === 'access' || all) tok.expiresAtMs = t - 1;
  }

  createOrder(input: { order_ref: string; wallet: string; totalCents: number; items: SandboxOrder['items'] }): SandboxOrder {
    const t = this.now();
    const orderId = randomUUID();
    const order: SandboxOrder = {
      orderId,
      orderRef: input.order_ref,
      wallet: input.wallet,
      totalCents: input.totalCents,
      items: input.items,
      status: 'pending',
      paidCents: 0,
      refundedCents: 0,
      refundPending: null,
      walletPaymentId: null,
      qrCodeText: buildPixCopiaECola({
        location: `pix.sandbox.balcao.dev/qr/v2/${orderId.replace(/-/g, '')}`,
        amountCents: input.totalCents,
        merchantName: 'Loja Balcao Sandbox',
        merchantCity: 'Sao Paulo',
      }),
      createdAtMs: t,
      paidAtMs: null,
      updatedAtMs: t,
      expiresAtMs: t + ORDER_TTL_MS,
    };
    this.orders.set(orderId, order);
    return order;
  }

  /** Applies what time did: expiry of unpaid orders, settlement of refunds. */
  tick(order: SandboxOrder): SandboxOrder {
    const t = this.now();
    if (order.status === 'pending' && t >= order.expiresAtMs) {
      order.status = 'expired';
      order.updatedAtMs = t;
    }
    if (order.refundPending && t >= order.refundPending.settlesAtMs) this.settle(order);
    return order;
  }

  get(orderId: string): SandboxOrder | null {
    const o = this.orders.get(orderId);
    return o ? this.tick(o) : null;
  }

  pay(orderId: string): SandboxOrder {
    const o = this.get(orderId);
    if (!o) throw new Error('pedido não encontrado');
    if (o.status !== 'pending') throw new Error(`pedido não está pendente (${o.status})`);
    const t = this.now();
    o.status = 'approved';
    o.paidCents = o.totalCents;
    o.paidAtMs = t;
    o.updatedAtMs = t;
    o.walletPaymentId = endToEndId(t);
    return o;
  }

  expire(orderId: string): SandboxOrder {
    const o = this.get(orderId);
    if (!o) throw new Error('pedido não encontrado');
    if (o.status !== 'pending') throw new Error(`pedido não está pendente (${o.status})`);
    o.status = 'expired';
    o.updatedAtMs = this.now();
    return o;
  }

  /** DELETE /order/{id}: unpaid → cancelled; paid → a full refund (refund_pending). */
  cancel(o: SandboxOrder, fail: boolean): OrderStatus {
    if (o.status === 'pending') {
      if (fail) return 'pending';
      o.status = 'cancelled';
      o.updatedAtMs = this.now();
      return o.status;
    }
    if (o.status === 'approved' || o.status === 'partial_refunded') {
      if (fail) return o.status;
      return this.refund(o, o.paidCents - o.refundedCents);
    }
    return o.status;
  }

  refund(o: SandboxOrder, cents: number): OrderStatus {
    o.refundPending = { cents, settlesAtMs: this.now() + this.refundSettleMs };
    o.status = 'refund_pending';
    o.updatedAtMs = this.now();
    if (this.refundSettleMs <= 0) this.settle(o);
    return o.status;
  }

  settle(o: SandboxOrder): void {
    if (!o.refundPending) return;
    o.refundedCents += o.refundPending.cents;
    o.refundPending = null;
    o.status = o.refundedCents >= o.paidCents ? 'refunded' : 'partial_refunded';
    o.updatedAtMs = this.now();
  }

  settleAll(): void {
    for (const o of this.orders.values()) this.settle(o);
  }

  byExternalId(ref: string): SandboxOrder[] {
    return [...this.orders.values()].filter((o) => o.orderRef === ref).map((o) => this.tick(o));
  }

  reset(): void {
    this.orders.clear();
    this.tokens.clear();
    this.wallets = DEFAULT_WALLETS.map((w) => ({ ...w }));
  }
}

const rfc1123 = (ms: number) => new Date(ms).toUTCString();
const isoNoZone = (ms: number) => new Date(ms).toISOString().replace('Z', '').replace(/\.\d+$/, '');

/** GET /order/{id}: dates in the mix of formats the real API uses (RFC 1123, ISO with and without zone). */
export function orderStatusBody(o: SandboxOrder) {
  return {
    order_id: o.orderId,
    status: o.status,
    paid_amount: o.paidCents / 100,
    total_order: o.totalCents / 100,
    refunded_amount: o.refundedCents / 100,
    external_id: o.orderRef,
    wallet: o.wallet,
    wallet_payment_id: o.walletPaymentId,
    pix_psp: o.wallet === 'pix' ? 'Banco Sandbox' : null,
    created_at: rfc1123(o.createdAtMs),
    payment_date: o.paidAtMs === null ? null : isoNoZone(o.paidAtMs),
    updated_at: new Date(o.updatedAtMs).toISOString(),
    expiration_date: new Date(o.expiresAtMs).toISOString(),
    items: o.items,
  };
}
