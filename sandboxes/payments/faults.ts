export const PAYMENT_ROUTES = ['pdvauth', 'refresh-token', 'wallets', 'order.create', 'order.get', 'order.cancel', 'order.refund', 'orders.list'] as const;
export type PaymentRoute = (typeof PAYMENT_ROUTES)[number];

export const PAYMENT_FAULT_KINDS = ['latency', 'http500', 'timeout', 'drop', 'malformed', 'unauthorized', 'refuse', 'tamper', 'redirect', 'drip', 'down'] as const;
export type PaymentFaultKind = (typeof PAYMENT_FAULT_KINDS)[number];

export interface PaymentFault {
  route: PaymentRoute | '*';
  /**
   * unauthorized: 401 even with a valid token; refuse: cancel answers `pending`, refund answers `approved` (the documented
   * failures). The malicious-API ones: tamper: the route runs, then its 2xx answer is changed (`merge` over it, or `body`
   * instead of it: another order id, an approval for R$ 0,01, a refund of R$ 99.999,99); redirect: `status` (default
   * 307) to `location` before the route runs; drip: the real answer, one byte every `dripMs` (default 1000).
   */
  kind: Exclude<PaymentFaultKind, 'down'>;
  latencyMs?: number;
  status?: number;
  /** malformed: 'not-json' (HTML) or 'wrong-shape' (JSON with mistyped fields). */
  malformed?: 'not-json' | 'wrong-shape';
  /** Do the route's effect first, then fail the answer (order created but the answer lost). */
  afterEffect?: boolean;
  times?: number;
  /** tamper: fields written over the real answer (an object answer; the list's `data` items for orders.list). */
  merge?: Record<string, unknown>;
  /** tamper: the whole answer replaced. */
  body?: unknown;
  /** redirect: where to (an absolute URL). */
  location?: string;
  /** drip: ms between two bytes of the answer. */
  dripMs?: number;
}

export function parsePaymentFault(input: unknown): PaymentFault | { down: true; forMs?: number } {
  const f = input as Omit<Partial<PaymentFault>, 'kind'> & { kind?: string; forMs?: number };
  if (!f || typeof f !== 'object' || !(PAYMENT_FAULT_KINDS as readonly string[]).includes(String(f.kind))) {
    throw new Error(`kind deve ser um de: ${PAYMENT_FAULT_KINDS.join(', ')}`);
  }
  if (f.kind === 'down') return { down: true, forMs: typeof f.forMs === 'number' ? f.forMs : undefined };
  const route = f.route ?? '*';
  if (route !== '*' && !(PAYMENT_ROUTES as readonly string[]).includes(route)) throw new Error(`rota desconhecida: ${route}`);
  if (f.times !== undefined && (!Number.isInteger(f.times) || f.times < 1)) throw new Error('times deve ser inteiro ≥ 1');
  if (f.kind === 'redirect' && (typeof f.location !== 'string' || !/^https?:\/\//.test(f.location))) throw new Error('redirect precisa de location (URL absoluta)');
  if (f.kind === 'tamper' && f.body === undefined && (typeof f.merge !== 'object' || f.merge === null)) throw new Error('tamper precisa de merge (objeto) ou body');
  if (f.dripMs !== undefined && (typeof f.dripMs !== 'number' || !(f.dripMs >= 0))) throw new Error('dripMs deve ser um número ≥ 0');
  return { ...(f as PaymentFault), route };
}

export class PaymentFaults {
  private list_: PaymentFault[] = [];
  add(f: PaymentFault): void {
    this.list_ = this.list_.filter((x) => x.route !== f.route);
    this.list_.push({ ...f });
  }
  clear(): void {
    this.list_ = [];
  }
  list(): PaymentFault[] {
    return this.list_.map((f) => ({ ...f }));
  }
  take(route: PaymentRoute): PaymentFault | null {
    const f = this.list_.find((x) => x.route === route) ?? this.list_.find((x) => x.route === '*');
    if (!f) return null;
    if (f.times !== undefined) {
      f.times -= 1;
      if (f.times <= 0) this.list_ = this.list_.filter((x) => x !== f);
    }
    return { ...f };
  }
}
