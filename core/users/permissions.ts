import type { PermissionAction, Role } from '../../shared/api/users';

/** Who may do what alone. Everything not listed here is open to every logged-in user. */
export const PERMISSIONS: Record<Role, ReadonlySet<PermissionAction>> = {
  caixa: new Set(),
  gerente: new Set<PermissionAction>([
    'sale.cancelFinished',
    'sale.removeItem',
    'sale.discardOpen',
    'sale.discountAboveLimit',
    'settings',
    'sync.discard',
    'shift.closeDifference',
  ]),
};

export function can(role: Role, action: PermissionAction): boolean {
  return PERMISSIONS[role].has(action);
}
