import type { HandlerGroup } from '../app/dispatch';
import type { AuditRepo } from '../audit/repo';
import type { UsersService } from './service';

/** users.* and audit.list. Managing users, their settings and the audit need the "settings" permission. */
export function usersHandlers(users: UsersService, audit: AuditRepo): HandlerGroup {
  const manager = () => users.authorizeSync('settings');
  return {
    'users.state': () => users.state(),
    'users.firstAccess': ({ name, pin, pinConfirm }) => users.firstAccess(name, pin, pinConfirm),
    'users.login': ({ userId, pin }) => users.login(userId, pin),
    'users.lock': () => users.lock(),
    'users.logout': () => users.logout(),
    'users.approve': ({ action, managerId, pin }) => users.approve(action, managerId, pin),
    'users.dropElevation': () => {
      users.dropElevation();
      return { ok: true as const };
    },
    'users.list': () => {
      manager();
      return users.list();
    },
    'users.create': ({ name, role, pin }) => users.create(name, role, pin, manager()),
    'users.setRole': ({ id, role }) => users.setRole(id, role, manager()),
    'users.resetPin': ({ id, pin }) => users.resetPin(id, pin, manager()),
    'users.setActive': ({ id, active }) => users.setActive(id, active, manager()),
    'users.saveSettings': (s) => users.saveSettings(s, manager()),
    'audit.list': (f) => {
      manager();
      return audit.list(f);
    },
  };
}
