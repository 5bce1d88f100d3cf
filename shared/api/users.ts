import { z } from 'zod';
import { Empty, method, Ok } from './define';
import { GERENTE, PermissionAction, PUBLIC, SESSION, SETTINGS } from './access';

/** DB values; the screen says "Operador" for 'caixa' and "Gerente" for 'gerente'. */
export const Role = z.enum(['caixa', 'gerente']);
export type Role = z.infer<typeof Role>;
export const ROLE_LABEL: Record<Role, string> = { caixa: 'Operador', gerente: 'Gerente' };

export { ACTION_LABEL, PermissionAction } from './access';

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
  /** The session is a Gerente whose PIN has fewer than 6 digits: "Trocar PIN" before anything else. */
  mustChangePin: z.boolean(),
  /** A Gerente's approval for "Configurações" is active for this session. */
  settingsElevated: z.boolean(),
  /** Who may log in (active, with a PIN), for the "Usuário" select. */
  users: z.array(SessionUser),
  settings: UsersSettings,
});
export type UsersState = z.infer<typeof UsersState>;

export const UserRow = SessionUser.extend({ active: z.boolean(), hasPin: z.boolean() });
export type UserRow = z.infer<typeof UserRow>;

/** What an approval is bound to (computed by the core; the screen passes back what the refusal named). */
export const ApprovalSubject = z.record(z.string(), z.union([z.string().max(200), z.number(), z.null()]));
export type ApprovalSubject = z.infer<typeof ApprovalSubject>;

export const Approval = z.object({ managerId: z.number().int(), pin: Pin });
export type Approval = z.infer<typeof Approval>;

export const usersApi = {
  'users.state': method(Empty, UsersState, PUBLIC),
  /** Fresh database: creates the first Gerente and logs them in. */
  'users.firstAccess': method(z.object({ name: Name, pin: Pin, pinConfirm: z.string() }), UsersState, PUBLIC),
  /** Log in / unlock (any active user; a different one during an open sale takes it over, audited). */
  'users.login': method(z.object({ userId: z.number().int(), pin: z.string().max(8) }), UsersState, PUBLIC),
  /** "Bloquear": the session stays, the screen asks for a PIN. */
  /** "Trocar PIN": the logged-in user's own PIN (the current one typed again; Gerente: 6 to 8 digits). */
  'users.changeOwnPin': method(
    z.object({ currentPin: z.string().max(8), pin: Pin, pinConfirm: z.string().max(8) }),
    UsersState,
    PUBLIC,
  ),
  'users.lock': method(Empty, UsersState, PUBLIC),
  'users.logout': method(Empty, UsersState, PUBLIC),
  /** One-shot approval: a Gerente's PIN lets the session's next `action` run once (short-lived). */
  /**
   * A Gerente's PIN approves `action` for `subject` — what the refused call named in its
   * `auth.approvalRequired` details (sale, line, amount…); one call with that same subject runs, within 2 minutes.
   */
  'users.approve': method(
    z.object({ action: PermissionAction, managerId: z.number().int(), pin: z.string().max(8), subject: ApprovalSubject.optional() }),
    z.object({ approverName: z.string() }),
    SESSION,
  ),
  /** Leaving Configurações ends an approval for it. */
  'users.dropElevation': method(Empty, Ok, PUBLIC),
  'users.list': method(Empty, z.array(UserRow), GERENTE),
  'users.create': method(z.object({ name: Name, role: Role, pin: Pin }), UserRow, GERENTE),
  'users.setRole': method(z.object({ id: z.number().int(), role: Role }), UserRow, GERENTE),
  'users.resetPin': method(z.object({ id: z.number().int(), pin: Pin }), UserRow, GERENTE),
  'users.setActive': method(z.object({ id: z.number().int(), active: z.boolean() }), UserRow, GERENTE),
  'users.saveSettings': method(UsersSettings, UsersSettings, GERENTE),
};
