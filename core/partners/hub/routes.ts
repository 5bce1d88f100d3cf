/**
 * The hub's route table. The partner's document strips most route names, so
 * these defaults are this project's decision (contract "Routes"); a partner's
 * real names are configured here, never in the flows. Every route is
 * `POST {baseUrl}/{name}`.
 */
export const HUB_ROUTE_KEYS = [
  'CadastrarCliente',
  'ConsultarSaldo',
  'EnviarPin',
  'ValidarPin',
  'ConsultarCampanha',
  'ResgatarSaldo',
  'GerarBonus',
  'EstornarVenda',
] as const;
export type HubRoute = (typeof HUB_ROUTE_KEYS)[number];
export type RouteTable = Record<HubRoute, string>;

export const DEFAULT_ROUTES: RouteTable = Object.fromEntries(HUB_ROUTE_KEYS.map((k) => [k, k])) as RouteTable;

/** Defaults overridden by a partner's names; rejects unknown keys and names that are not a path segment. */
export function resolveRoutes(overrides: Partial<Record<string, string>> | null | undefined): RouteTable {
  const table: RouteTable = { ...DEFAULT_ROUTES };
  for (const [key, name] of Object.entries(overrides ?? {})) {
    if (!(HUB_ROUTE_KEYS as readonly string[]).includes(key)) throw new Error(`rota desconhecida na tabela do hub: ${key}`);
    if (!name || !/^[A-Za-z0-9_\-./]+$/.test(name)) throw new Error(`nome de rota inválido para ${key}: ${name}`);
    table[key as HubRoute] = name.replace(/^\/+/, '');
  }
  return table;
}

export function routeUrl(baseUrl: string, table: RouteTable, route: HubRoute): string {
  return `${baseUrl.replace(/\/+$/, '')}/${table[route]}`;
}
