import type { PermissionAction } from '../../shared/api/users';
import type { Handlers } from '../app/dispatch';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import type { UsersService } from './service';

/** What a gated call is about: the permission and what the audit row says. */
export interface Gate {
  action: PermissionAction;
  audit: string;
  saleId?: string | null;
  amountCents?: number | null;
  details?: unknown;
}

export interface GuardDeps {
  db: Db;
  users: UsersService;
  audit: AuditRepo;
  sales: SalesService;
}

type Rule = {
  /** null = not gated this time (e.g. a discount within the limit). */
  gate: (input: Record<string, unknown>, deps: GuardDeps) => Gate | null;
  /** The handler is synchronous: run it and the audit row in ONE transaction. */
  tx: boolean;
};

function overLimit(percentTimes100: number, deps: GuardDeps): boolean {
  return percentTimes100 > deps.users.settings().discountLimitPercent * 100;
}

/** Discount as basis points of `base` (1000 = 10%). */
function basisPoints(input: Record<string, unknown>, baseCents: number): number {
  if (typeof input.basisPoints === 'number') return input.basisPoints;
  const cents = typeof input.cents === 'number' ? input.cents : 0;
  return baseCents > 0 ? (cents * 10000) / baseCents : cents > 0 ? Infinity : 0;
}

const settingsRule = (method: string): Rule => ({
  gate: () => ({ action: 'settings', audit: `configuracoes.${method}` }),
  tx: false,
});

/**
 * The gated methods (enforced in the core, whatever the screen does). Methods
 * not served (e.g. the sync helper's discard before it lands) are skipped.
 */
export const RULES: Record<string, Rule> = {
  'sales.removeLine': {
    tx: true,
    gate: (input, { sales }) => {
      const sale = sales.current();
      const line = sale.lines.find((l) => l.id === input.lineId);
      if (!line) return null; // the service answers "Item não encontrado"
      return {
        action: 'sale.removeItem',
        audit: 'venda.removerItem',
        saleId: sale.id,
        amountCents: line.netCents,
        details: { productCode: line.productCode, description: line.description, quantity: line.quantity },
      };
    },
  },
  'sales.discard': {
    tx: true,
    gate: (_input, { sales }) => {
      const sale = sales.current();
      if (sale.lines.length === 0) return null;
      return { action: 'sale.discardOpen', audit: 'venda.cancelarAberta', saleId: sale.id, amountCents: sale.totals.netCents, details: { items: sale.totals.itemCount } };
    },
  },
  'sales.setLineDiscount': {
    tx: true,
    gate: (input, deps) => {
      const sale = deps.sales.current();
      const line = sale.lines.find((l) => l.id === input.lineId);
      if (!line) return null;
      const bp = basisPoints(input, line.grossCents);
      if (!overLimit(bp, deps)) return null;
      return {
        action: 'sale.discountAboveLimit',
        audit: 'venda.descontoItem',
        saleId: sale.id,
        amountCents: typeof input.cents === 'number' ? input.cents : Math.round((line.grossCents * bp) / 10000),
        details: { lineId: line.id, description: line.description, percent: Math.round(bp) / 100 },
      };
    },
  },
  'sales.setSaleDiscount': {
    tx: true,
    gate: (input, deps) => {
      const sale = deps.sales.current();
      const t = sale.totals;
      const base = t.grossCents - t.itemDiscountCents + t.surchargeCents - t.redemptionCents;
      const bp = basisPoints(input, base);
      if (!overLimit(bp, deps)) return null;
      return {
        action: 'sale.discountAboveLimit',
        audit: 'venda.descontoVenda',
        saleId: sale.id,
        amountCents: typeof input.cents === 'number' ? input.cents : Math.round((base * bp) / 10000),
        details: { percent: Math.round(bp) / 100 },
      };
    },
  },
  'loyalty.settings.save': settingsRule('hubFidelidade'),
  'printing.saveSettings': settingsRule('impressora'),
  'scale.saveSettings': settingsRule('balanca'),
  'catalog.import': settingsRule('importarCatalogo'),
  // The sync helper's "Descartar" (whichever name lands).
  'sync.discard': { tx: false, gate: (input) => ({ action: 'sync.discard', audit: 'sincronizacao.descartar', details: input }) },
  'outbox.discard': { tx: false, gate: (input) => ({ action: 'sync.discard', audit: 'sincronizacao.descartar', details: input }) },
};

/** Sale methods that change nothing (the open sale is created on read, with the session's operator). */
const SALE_READS = new Set(['sales.current', 'sales.list', 'sales.get']);

/**
 * Wraps the gated handlers: an Operador without a Gerente's one-shot approval
 * gets `auth.approvalRequired` (details.action) and nothing changes; an
 * allowed call runs once and writes its audit row (operator + approver) in the
 * same transaction when the handler is synchronous.
 */
export function guardHandlers(handlers: Handlers, deps: GuardDeps): Handlers {
  const out: Record<string, unknown> = { ...handlers };
  // Nobody changes a sale while nobody is logged in or the till is locked (once the users system is set up).
  for (const [method, inner] of Object.entries(handlers) as [string, (i: unknown) => unknown][]) {
    if (!method.startsWith('sales.') || SALE_READS.has(method) || method in RULES) continue;
    out[method] = (input: unknown) => {
      if (deps.users.provisioned()) deps.users.requireSession();
      return inner(input);
    };
  }
  for (const [method, rule] of Object.entries(RULES)) {
    const inner = (handlers as unknown as Record<string, ((i: unknown) => unknown) | undefined>)[method];
    if (!inner) continue;
    out[method] = async (input: Record<string, unknown>) => {
      if (!deps.users.provisioned()) return inner(input);
      if (method.startsWith('sales.')) deps.users.requireSession();
      const gate = rule.gate(input, deps);
      if (!gate) return inner(input);
      const auth = deps.users.authorizeSync(gate.action);
      const row = () =>
        deps.audit.append({
          operator: auth.operator,
          approver: auth.approver,
          action: gate.audit,
          saleId: gate.saleId ?? null,
          amountCents: gate.amountCents ?? null,
          details: gate.details,
        });
      try {
        if (rule.tx) {
          return deps.db.transaction(() => {
            const r = inner(input);
            row();
            return r;
          })();
        }
        const r = await inner(input);
        row();
        return r;
      } catch (err) {
        deps.users.restore(gate.action, auth);
        throw err;
      }
    };
  }
  return out as Handlers;
}
