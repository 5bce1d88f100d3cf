/**
 * Panel roles (seed 001) and what each may do. Every panel route declares ONE permission next to it
 * (`access: { kind: 'panel', permission }`); the server checks it before the handler runs (deny by
 * default: a permission no role lists is refused to everyone but the Administrador).
 */
export const PANEL_ROLES = ['administrador', 'gerente', 'operador', 'visualizador'] as const;
export type PanelRole = (typeof PANEL_ROLES)[number];

export const ROLE_LABELS: Record<PanelRole, string> = {
  administrador: 'Administrador',
  gerente: 'Gerente de loja',
  operador: 'Operador de retaguarda',
  visualizador: 'Visualizador',
};

export const PANEL_PERMISSIONS = [
  'session', // any signed-in user (who am I, Sair)
  'totp', // the second-factor step itself (also reachable by a session still owing it)
  'read', // Painel, Transações, Pagamentos PIX, Lojas/Caixas (reading)
  'export', // CSV/XLSX
  'stores:write', // Nova loja
  'tills:write', // Novo caixa, Revogar
  'products:write', // import, price change
  'users:write', // Usuários
  'integrations:write', // API keys
  'audit:read', // Auditoria
  'settings:write', // panel settings (TOTP required for Administrador)
] as const;
export type PanelPermission = (typeof PANEL_PERMISSIONS)[number];

const GRANTS: Record<PanelRole, readonly PanelPermission[]> = {
  administrador: PANEL_PERMISSIONS,
  // Only their stores (the handlers scope every query by PanelPrincipal.storeIds).
  gerente: ['session', 'totp', 'read', 'export', 'tills:write', 'products:write', 'audit:read'],
  operador: ['session', 'totp', 'read', 'export'],
  visualizador: ['session', 'totp', 'read'],
};

export function roleAllows(role: PanelRole, permission: PanelPermission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

export function permissionsOf(role: PanelRole): PanelPermission[] {
  return [...(GRANTS[role] ?? [])];
}

export interface PanelPrincipal {
  userId: string;
  email: string;
  name: string;
  role: PanelRole;
  /** null = every store; a Gerente de loja has their list. */
  storeIds: string[] | null;
  csrf: string;
  /** false while the second factor is owed. */
  verified: boolean;
}
