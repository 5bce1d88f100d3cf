import type { HandlerGroup } from '../kernel/handlers';
import type { Authorization, UsersService } from './service';

/** users.*. Who may call each is declared in shared/api/users.ts and checked by the dispatcher. */
export function usersHandlers(users: UsersService): HandlerGroup {
  // The dispatcher admitted the caller (a Gerente's own session for users.*): ctx.auth says who, for the audit.
  const by = (auth: Authorization | null): Authorization => auth ?? { operator: users.requireManagerSession(), approver: null };
  return {
    'users.state': () => users.state(),
    'users.firstAccess': ({ name, pin, pinConfirm }) => users.firstAccess(name, pin, pinConfirm),
    'users.login': ({ userId, pin }) => users.login(userId, pin),
    'users.changeOwnPin': ({ currentPin, pin, pinConfirm }) => users.changeOwnPin(currentPin, pin, pinConfirm),
    'users.lock': () => users.lock(),
    'users.logout': () => users.logout(),
    'users.approve': ({ action, managerId, pin, subject }) => users.approvals.approve(action, managerId, pin, subject),
    'users.dropElevation': () => {
      users.approvals.dropElevation();
      return { ok: true as const };
    },
    'users.list': () => users.admin.list(),
    'users.create': ({ name, role, pin }, ctx) => users.admin.create(name, role, pin, by(ctx.auth)),
    'users.setRole': ({ id, role }, ctx) => users.admin.setRole(id, role, by(ctx.auth)),
    'users.resetPin': ({ id, pin }, ctx) => users.admin.resetPin(id, pin, by(ctx.auth)),
    'users.setActive': ({ id, active }, ctx) => users.admin.setActive(id, active, by(ctx.auth)),
    'users.saveSettings': (s, ctx) => users.saveSettings(s, by(ctx.auth)),
  };
}
