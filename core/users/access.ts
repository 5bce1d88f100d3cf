import type { Access, ApprovalAction } from '../../shared/api/access';
import { saleNumber } from '../../shared/sale-number';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import type { Authorization, CallContext } from '../kernel/handlers';
import type { UsersService } from './service';

export type { CallContext } from '../kernel/handlers';

/** What an approval is bound to, and the audit row the approved call writes. */
export interface ApprovalNeed {
  subject: Record<string, string | number | null>;
  /** People read this in "Aprovação do gerente": what exactly is approved. */
  summary: string;
  /** null: the handler writes its own audit row (it has more to say, e.g. a cancellation's record). */
  audit: { action: string; saleId?: string | null; amountCents?: number | null; details?: unknown } | null;
  /** The handler is synchronous: it and the audit row commit in ONE transaction. */
  tx: boolean;
}

export interface AccessDeps {
  db: Db;
  users: UsersService;
  audit: AuditRepo;
  sales: SalesService;
}

type Policy = (input: Record<string, unknown>, deps: AccessDeps) => ApprovalNeed | null;

const brl = (cents: number) => 'R$ ' + (cents / 100).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * For each action a method may declare as `approval(...)`, the subject the
 * approval binds to, computed from the call's input and the till's state
 * (null = nothing to approve this time). Complete by type: a new approval
 * action does not compile until it has a policy here.
 */
const POLICIES: Record<ApprovalAction, Policy> = {
  'sale.removeItem': (input, { sales }) => {
    const sale = sales.current();
    const line = sale.lines.find((l) => l.id === input.lineId);
    if (!line) return null; // the service answers "Item não encontrado"
    return {
      subject: { saleId: sale.id, lineId: line.id },
      summary: `Remover o item ${line.description} (${brl(line.netCents)}) da venda aberta`,
      audit: {
        action: 'venda.removerItem',
        saleId: sale.id,
        amountCents: line.netCents,
        details: { productCode: line.productCode, description: line.description, quantity: line.quantity },
      },
      tx: true,
    };
  },
  'sale.discardOpen': (_input, { sales }) => {
    const sale = sales.current();
    if (sale.lines.length === 0) return null;
    return {
      subject: { saleId: sale.id },
      summary: `Cancelar a venda aberta (${sale.totals.itemCount} item(ns), ${brl(sale.totals.netCents)})`,
      audit: { action: 'venda.cancelarAberta', saleId: sale.id, amountCents: sale.totals.netCents, details: { items: sale.totals.itemCount } },
      tx: true,
    };
  },
  'sale.cancelFinished': (input, { sales }) => {
    // A Gerente's PIN typed in the cancel dialog itself: the service checks it (serialized, with the lockout).
    if (input.approval) return null;
    const saleId = String(input.saleId);
    let label = 'a venda';
    try {
      const s = sales.get(saleId);
      label = `a venda ${saleNumber(s)} (${brl(s.totals.netCents)})`;
    } catch {
      /* the service answers "Venda não encontrada" */
    }
    return { subject: { saleId }, summary: `Cancelar ${label}`, audit: null, tx: false };
  },
  'sync.discard': (input) => ({
    subject: { id: Number(input.id) },
    summary: `Descartar a operação pendente nº ${String(input.id)} (ela nunca será enviada)`,
    audit: { action: 'sincronizacao.descartar', details: { id: input.id, reason: input.reason } },
    tx: false,
  }),
};

/** Input fields an audit row may keep (never keys, secrets, PINs or file contents). */
function redact(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (/key|secret|pin|password|senha|content|token/i.test(k)) {
      if (v !== undefined && v !== '') out[k] = '(informado)';
      continue;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = v.length > 120 ? v.slice(0, 120) + '…' : v;
  }
  return out;
}

/** Settings methods that only read (everything else a `settings` method does is audited). */
const READS = /(\.get|getSettings|\.list|\.test|testConnection)$/;

/**
 * The access check every call passes, whatever the transport: `admit` before
 * the input is even parsed (who is calling), `run` around the handler (what an
 * approval binds, the audit row, the session's activity for the auto-lock).
 */
export class AccessControl {
  constructor(private readonly deps: AccessDeps) {}

  /** Refuses (throws an `auth.*` AppError) a caller the declaration does not admit now. */
  admit(access: Access): Authorization | null {
    const users = this.deps.users;
    switch (access.kind) {
      case 'public':
        return null;
      case 'session':
      case 'approval':
        return { operator: users.activeSession(), approver: null };
      case 'gerente':
        return { operator: users.requireManagerSession(), approver: null };
      case 'settings':
        return users.approvals.authorizeSettings();
    }
  }

  async run(
    method: string,
    access: Access,
    input: Record<string, unknown>,
    auth: Authorization | null,
    handler: (input: unknown, ctx: CallContext) => unknown,
  ): Promise<unknown> {
    if (access.kind === 'approval') return this.runApproved(access.action, input, handler);
    if (access.kind === 'settings' && !READS.test(method)) {
      const value = await handler(input, { auth });
      this.deps.audit.append({ operator: auth!.operator, approver: auth!.approver, action: `configuracoes.${method}`, details: redact(input) });
      return value;
    }
    return handler(input, { auth });
  }

  private async runApproved(action: ApprovalAction, input: Record<string, unknown>, handler: (input: unknown, ctx: CallContext) => unknown) {
    const { users, db, audit } = this.deps;
    const need = POLICIES[action](input, this.deps);
    if (!need) return handler(input, { auth: { operator: users.activeSession(), approver: null } });
    const grant = users.approvals.authorizeBound(action, need.subject, need.summary);
    const auth = grant.auth;
    const row = () => {
      if (need.audit) audit.append({ operator: auth.operator, approver: auth.approver, ...need.audit });
    };
    try {
      if (need.tx) {
        return db.transaction(() => {
          const r = handler(input, { auth });
          row();
          return r;
        })();
      }
      const r = await handler(input, { auth });
      row();
      return r;
    } catch (err) {
      grant.giveBack();
      throw err;
    }
  }
}
