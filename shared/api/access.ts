import { z } from 'zod';

/**
 * Actions an Operador may not do alone: a Gerente's approval (`users.approve`)
 * bound to WHAT is approved (the subject: sale, line, amount, …) lets exactly
 * one call with that subject run, within 2 minutes.
 */
export const PermissionAction = z.enum([
  'sale.cancelFinished',
  'sale.removeItem',
  'sale.discardOpen',
  'sale.discountAboveLimit',
  'settings',
  'sync.discard',
  'shift.closeDifference',
]);
export type PermissionAction = z.infer<typeof PermissionAction>;
export const ACTION_LABEL: Record<PermissionAction, string> = {
  'sale.cancelFinished': 'Cancelar venda finalizada',
  'sale.removeItem': 'Remover item',
  'sale.discardOpen': 'Cancelar venda aberta',
  'sale.discountAboveLimit': 'Desconto acima do limite',
  settings: 'Configurações',
  'sync.discard': 'Descartar operação pendente',
  'shift.closeDifference': 'Fechar o caixa com diferença acima da tolerância',
};

/** Actions a method may declare as `approval(...)`: the core computes their subject from the call's input. */
export type ApprovalAction = 'sale.cancelFinished' | 'sale.removeItem' | 'sale.discardOpen' | 'sync.discard';

/**
 * Who may call a method. Declared next to its schemas (shared/api/*), enforced
 * by the core's dispatcher before the handler runs, on every transport.
 * - public: no session needed (the login screen, first access, locking).
 * - session: a logged-in user whose till is not locked.
 * - settings: a Gerente, or an Operador with a Gerente's "Configurações"
 *   approval for this visit (the approver is recorded in the audit).
 * - gerente: a Gerente's own session (users, PINs, roles: never by approval).
 * - approval: a session; an Operador also needs a Gerente's approval bound to
 *   the subject the core computes from the input (`binds` names those fields).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'settings' }
  | { kind: 'gerente' }
  | { kind: 'approval'; action: ApprovalAction; binds: readonly string[] };

export const PUBLIC: Access = { kind: 'public' };
export const SESSION: Access = { kind: 'session' };
export const SETTINGS: Access = { kind: 'settings' };
export const GERENTE: Access = { kind: 'gerente' };
export function approval(action: ApprovalAction, binds: readonly string[]): Access {
  return { kind: 'approval', action, binds };
}

/** How a declaration reads in the README table and the access test. */
export function describeAccess(a: Access): string {
  switch (a.kind) {
    case 'public':
      return 'qualquer um (sem sessão)';
    case 'session':
      return 'usuário logado, caixa desbloqueado';
    case 'settings':
      return 'Gerente (ou Operador com aprovação "Configurações" nesta visita)';
    case 'gerente':
      return 'Gerente (a própria sessão)';
    case 'approval':
      return `usuário logado; Operador com aprovação "${ACTION_LABEL[a.action]}" ligada ${a.binds.length ? `a ${a.binds.join(', ')}` : 'à venda aberta'}`;
  }
}
