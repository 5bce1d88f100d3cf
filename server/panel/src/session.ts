export type Permission =
  | 'session'
  | 'totp'
  | 'read'
  | 'export'
  | 'stores:write'
  | 'tills:write'
  | 'products:write'
  | 'users:write'
  | 'integrations:write'
  | 'audit:read'
  | 'settings:write';

export interface Me {
  email: string;
  name: string;
  role: string;
  roleLabel: string;
  storeIds: string[] | null;
  permissions: Permission[];
}

export interface SessionInfo {
  user: Me | null;
  firstAccess?: boolean;
  csrf?: string;
  step?: 'ok' | 'totp' | 'enroll';
  totpEnabled?: boolean;
  totpRequiredAdmin?: boolean;
}

export const can = (me: Me, p: Permission) => me.permissions.includes(p);
