export const PAYMENT_ROUTES = ['pdvauth', 'refresh-token', 'wallets', 'order.create', 'order.get', 'order.cancel', 'order.refund', 'orders.list'] as const;
export type PaymentRoute = (typeof PAYMENT_ROUTES)[number];

export const PAYMENT_FAULT_KINDS = ['latency', 'http500', 'timeout', 'drop', 'malformed', 'unauthorized', 'refuse', 'down'] as const;
export type PaymentFaultKind = (typeof PAYMENT_FAULT_KINDS)[number];

export interface PaymentFault {
  route: PaymentRoute | '*';
  /** unauthorized: 401 even with a valid token; refuse: cancel answers `pending`, refund answers `approved` (the documented failures). */
  kind: Exclude<PaymentFaultKind, 'down'>;
  latencyMs?: number;
  status?: number;
  /** malformed: 'not-json' (HTML) or 'wrong-shape' (JSON with mistyped fields). */
  malformed?: 'not-json' | 'wrong-shape';
  /** Do the route's effect first, then fail the answer (order created but the answer lost). */
  afterEffect?: boolean;
  times?: number;
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
