import { ACTION_LABEL, type Approval, type PermissionAction, type SessionUser } from '../../shared/api/users';
import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import { can } from './permissions';
import type { Actor, Authorization } from './types';

/** How long a one-shot approval waits for its action. */
export const GRANT_TTL_MS = 2 * 60_000;

/** A Gerente's approval, bound to one action and its subject, consumed by one successful call. */
interface Grant {
  action: PermissionAction;
  /** Canonical JSON of what was approved (sale, line, amount, …). */
  key: string;
  approver: Actor;
  expiresMs: number;
}

/** Approval subjects compare by their fields, whatever the order they were written in. */
export function subjectKey(subject: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(subject).sort().map((k) => [k, subject[k] ?? null]));
}

export interface ApprovalsDeps {
  now: () => Date;
  audit: AuditRepo;
  /** The logged-in, unlocked user (refuses otherwise). */
  session: () => SessionUser;
  /** A Gerente's PIN checked (serialized, with the lockout): who approves. */
  manager: (managerId: number, pin: string) => Promise<Actor>;
}

/**
 * Gerente approvals for an Operador: one-shot grants bound to what they approve, and the "Configurações"
 * visit. Kept in memory: a restart, a lock, a logout or another login clears them.
 */
export class Approvals {
  private grants: Grant[] = [];
  private elevation: Actor | null = null;

  constructor(private readonly deps: ApprovalsDeps) {}

  clear(): void {
    this.grants = [];
    this.elevation = null;
  }

  elevated(): boolean {
    return this.elevation !== null;
  }

  /**
   * A Gerente's PIN approves `action` for `subject` (what the refused call named: sale, line, amount…):
   * one successful call with that same subject runs, within 2 minutes. "settings" lets an Operador into the
   * settings screens for this visit (until leaving them, locking or logging out); never into users.*.
   */
  async approve(action: PermissionAction, managerId: number, pin: string, subject?: Record<string, unknown>): Promise<{ approverName: string }> {
    this.deps.session();
    if (action !== 'settings' && !subject) {
      throw new AppError('users.approvalSubject', 'Aprovação sem o que aprovar: repita a ação e peça a aprovação pela tela que a pede.');
    }
    const approver = await this.deps.manager(managerId, pin);
    if (action === 'settings') this.elevation = approver;
    else {
      const nowMs = this.deps.now().getTime();
      const key = subjectKey(subject!);
      this.grants = this.grants.filter((g) => g.expiresMs > nowMs && !(g.action === action && g.key === key));
      this.grants.push({ action, key, approver, expiresMs: nowMs + GRANT_TTL_MS });
      this.deps.audit.append({ operator: this.deps.session(), approver, action: 'aprovacao.concedida', details: { action, subject } });
    }
    return { approverName: approver.name };
  }

  dropElevation(): void {
    this.elevation = null;
  }

  /**
   * May the session do `action` on `subject` now? A Gerente may; an Operador needs an approval bound to this
   * very subject, which this consumes. `giveBack` returns it, with its ORIGINAL expiry, when the call then
   * failed (a failure never refreshes an approval).
   */
  authorizeBound(action: PermissionAction, subject: Record<string, unknown>, summary: string): { auth: Authorization; giveBack: () => void } {
    const operator = this.deps.session();
    if (can(operator.role, action)) return { auth: { operator, approver: null }, giveBack: () => {} };
    const nowMs = this.deps.now().getTime();
    const key = subjectKey(subject);
    const i = this.grants.findIndex((g) => g.action === action && g.key === key && g.expiresMs > nowMs);
    if (i < 0) {
      throw new AppError('auth.approvalRequired', `${ACTION_LABEL[action]}: precisa da aprovação de um gerente.`, { action, subject, summary });
    }
    const [g] = this.grants.splice(i, 1);
    return {
      auth: { operator, approver: g.approver },
      giveBack: () => {
        if (g.expiresMs > this.deps.now().getTime()) this.grants.push(g);
      },
    };
  }

  /** Settings: a Gerente, or an Operador with a "Configurações" approval for this visit. */
  authorizeSettings(): Authorization {
    const operator = this.deps.session();
    if (can(operator.role, 'settings')) return { operator, approver: null };
    if (this.elevation) return { operator, approver: this.elevation };
    throw new AppError('auth.approvalRequired', `${ACTION_LABEL.settings}: precisa da aprovação de um gerente.`, {
      action: 'settings',
      subject: {},
      summary: 'Entrar nas Configurações (vale até sair delas)',
    });
  }

  /** A Cancel with the Gerente's PIN typed in its own dialog (checked here, serialized with every PIN check). */
  async authorizeInline(inline: Approval): Promise<Authorization> {
    const operator = this.deps.session();
    return { operator, approver: await this.deps.manager(inline.managerId, inline.pin) };
  }
}
