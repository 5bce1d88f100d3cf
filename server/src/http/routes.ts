import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/db';
import type { ServerConfig } from '../config';
import type { Scope } from '../admin/service';
import type { PanelPermission, PanelPrincipal } from '../panel/auth-roles';

/**
 * Who may call a route. Every route declares one (the type requires it and the server refuses to
 * start with a route that does not): deny by default.
 *  - public: anyone (health only)
 *  - till:   a caixa's signed request (HMAC, replay refused) → ctx.till
 *  - apiKey: `Authorization: Bearer rtgk_…` holding `scope` → ctx.apiKey (its stores limit the data)
 *  - panel:  a panel user's session cookie whose role grants `permission` (CSRF token on changes) → ctx.panel
 */
export type Access = { kind: 'public' } | { kind: 'till' } | { kind: 'apiKey'; scope: Scope } | { kind: 'panel'; permission: PanelPermission };

export interface TillPrincipal {
  tillId: string;
  storeId: string;
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: string[];
  /** null = every store. */
  storeIds: string[] | null;
}

export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  db: Db;
  config: ServerConfig;
  till?: TillPrincipal;
  apiKey?: ApiKeyPrincipal;
  panel?: PanelPrincipal;
}

export interface Reply {
  status?: number;
  body: unknown;
  /** Extra response headers (Set-Cookie, Content-Disposition…). */
  headers?: Record<string, string | string[]>;
  /** A streamed body (downloads) sent instead of JSON `body`; set content-type in headers. */
  stream?: NodeJS.ReadableStream;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: Access;
  /** Body cap in bytes (default 1 MB) → 413 above it. */
  maxBody?: number;
  handler(ctx: RequestContext): Promise<Reply>;
}

export function route(r: Route): Route {
  return r;
}
