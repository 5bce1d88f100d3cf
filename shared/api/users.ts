import { z } from 'zod';
import { Empty, method, Ok } from './define';

/** DB values; the screen says "Operador" for 'caixa' and "Gerente" for 'gerente'. */
export const Role = z.enum(['caixa', 'gerente']);
export type Role = z.infer<typeof Role>;
export const ROLE_LABEL: Record<Role, string> = { caixa: 'Operador', gerente: 'Gerente' };

/**
 * Actions an Operador may not do alone: a Gerente's one-shot approval
 * (`users.approve`) lets the next such action run once.
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

const Pin = z.string().regex(/^\d{4,8}$/, 'O PIN deve ter de 4 a 8 dígitos.');
const Name = z.string().trim().min(1, 'Informe o nome.').max(60);

export const SessionUser = z.object({ id: z.number().int(), name: z.string(), role: Role });
export type SessionUser = z.infer<typeof SessionUser>;

export const UsersSettings = z.object({
  /** 0 = never. */
  autoLockMinutes: z.number().int().min(0).max(240),
  /** Discounts above this percent need a Gerente. */
  discountLimitPercent: z.number().min(0).max(100),
});
export type UsersSettings = z.infer<typeof UsersSettings>;

export const UsersState = z.object({
  /** No Gerente with a PIN yet: the "Primeiro acesso" screen. */
  needsFirstAccess: z.boolean(),
  /** Who is at the till (null = nobody logged in). */
  session: SessionUser.nullable(),
  locked: z.boolean(),
  /** A Gerente's approval for "Configurações" is active for this session. */
  settingsElevated: z.boolean(),
  /** Who may log in (active, with a PIN), for the "Usuário" select. */
  users: z.array(SessionUser),
  settings: UsersSettings,
});
export type UsersState = z.infer<typeof UsersState>;

export const UserRow = SessionUser.extend({ active: z.boolean(), hasPin: z.boolean() });
export type UserRow = z.infer<typeof UserRow>;

export const Approval = z.object({ managerId: z.number().int(), pin: Pin });
export type Approval = z.infer<typeof Approval>;

export const AuditFilter = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  userId: z.number().int().optional(),
  action: z.string().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string().nullable(),
  approverId: z.number().int().nullable(),
  approverName: z.string().nullable(),
  action: z.string(),
  saleId: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  reason: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const usersApi = {
  'users.state': method(Empty, UsersState),
  /** Fresh database: creates the first Gerente and logs them in. */
  'users.firstAccess': method(z.object({ name: Name, pin: Pin, pinConfirm: z.string() }), UsersState),
  /** Log in / unlock (any active user; a different one during an open sale takes it over, audited). */
  'users.login': method(z.object({ userId: z.number().int(), pin: z.string().max(8) }), UsersState),
  /** "Bloquear": the session stays, the screen asks for a PIN. */
  'users.lock': method(Empty, UsersState),
  'users.logout': method(Empty, UsersState),
  /** One-shot approval: a Gerente's PIN lets the session's next `action` run once (short-lived). */
  'users.approve': method(z.object({ action: PermissionAction, managerId: z.number().int(), pin: z.string().max(8) }), z.object({ approverName: z.string() })),
  /** Leaving Configurações ends an approval for it. */
  'users.dropElevation': method(Empty, Ok),
  'users.list': method(Empty, z.array(UserRow)),
  'users.create': method(z.object({ name: Name, role: Role, pin: Pin }), UserRow),
  'users.setRole': method(z.object({ id: z.number().int(), role: Role }), UserRow),
  'users.resetPin': method(z.object({ id: z.number().int(), pin: Pin }), UserRow),
  'users.setActive': method(z.object({ id: z.number().int(), active: z.boolean() }), UserRow),
  'users.saveSettings': method(UsersSettings, UsersSettings),
  'audit.list': method(AuditFilter, z.array(AuditEntry)),
};
