import type { SandboxRoute } from './validate';

export const FAULT_KINDS = ['latency', 'http500', 'timeout', 'drop', 'malformed', 'business', 'down'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** A route name (contract key) or '*' for every route. */
  route: SandboxRoute | '*';
  kind: Exclude<FaultKind, 'down'>;
  /** latency: delay before the normal answer (ms). */
  latencyMs?: number;
  /** http500: the status to answer (5xx, or 429), default 500. */
  status?: number;
  /** http500: send `Retry-After: <seconds>` with it. */
  retryAfterS?: number;
  /** malformed: 'not-json' (HTML) or 'wrong-shape' (JSON missing/mistyped required fields). */
  malformed?: 'not-json' | 'wrong-shape';
  /** business: the 400 answer. */
  codigo?: number;
  mensagem?: string;
  /** Apply the route's effect first, then fail the answer (the "processed but the answer was lost" case). */
  afterEffect?: boolean;
  /** How many requests this fault hits (default: until cleared). */
  times?: number;
}

const KIND_SET = new Set<string>(FAULT_KINDS);

export function parseFault(input: unknown, routes: readonly string[]): Fault | { down: true; forMs?: number } {
  const f = input as Omit<Partial<Fault>, 'kind'> & { kind?: string; forMs?: number };
  if (!f || typeof f !== 'object' || !KIND_SET.has(String(f.kind))) throw new Error(`kind deve ser um de: ${FAULT_KINDS.join(', ')}`);
  if (f.kind === 'down') return { down: true, forMs: typeof f.forMs === 'number' ? f.forMs : undefined };
  const route = f.route ?? '*';
  if (route !== '*' && !routes.includes(route)) throw new Error(`rota desconhecida: ${route}`);
  if (f.times !== undefined && (!Number.isInteger(f.times) || f.times < 1)) throw new Error('times deve ser inteiro ≥ 1');
  return { ...(f as Fault), route: route as Fault['route'] };
}

/** Per-route faults; a route-specific fault wins over '*'. */
export class FaultTable {
  private faults: Fault[] = [];

  add(f: Fault): void {
    this.faults = this.faults.filter((x) => x.route !== f.route);
    this.faults.push({ ...f });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault for this request (consuming one of its `times`), if any. */
  take(route: SandboxRoute): Fault | null {
    const f = this.faults.find((x) => x.route === route) ?? this.faults.find((x) => x.route === '*');
    if (!f) return null;
    if (f.times !== undefined) {
      f.times -= 1;
      if (f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return { ...f };
  }
}

/** A 200 body that breaks the route's response contract (missing or mistyped required fields). */
export function wrongShape(route: SandboxRoute, guid: string): unknown {
  switch (route) {
    case 'CadastrarCliente':
    case 'ConsultarSaldo':
      return { IdentificadorTransacao: guid, SaldoAtual: '150,00', UtilizaPin: 'sim' };
    case 'EnviarPin':
    case 'ResgatarSaldo':
      return { IdentificadorTransacao: 42 };
    case 'ValidarPin':
      return { IdentificadorTransacao: guid };
    case 'ConsultarCampanha':
      return { IdentificadorTransacao: guid, Campanhas: [{ Id: 1 }], HabilitaBotaoNaoBonificar: true };
    case 'GerarBonus':
      return { IdentificadorTransacao: guid, SaldoBonusGeradoVenda: null, SaldoBonusAtual: 10 };
    case 'EstornarVenda':
      return { IdentificadorTransacao: guid, ValorEstornadoUtilizado: 1, ValorEstornadoGerado: 0, SaldoBonusAtual: 0 };
  }
}
