import type { ServerConfig } from './config';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { createHttpServer, type Retaguarda } from './http/server';
import type { Route } from './http/routes';
import { healthRoutes } from './http/health';
import { tillRoutes } from './till/routes';
import { integrationRoutes } from './integration/routes';
import { panelRoutes } from './panel/routes';
import { panelStatic } from './panel/static';
import { bootstrapPanelAdmin } from './panel/auth';

/** Every route of the server, each with its access rule (see http/routes.ts). */
export function allRoutes(): Route[] {
  return [...healthRoutes, ...tillRoutes, ...integrationRoutes, ...panelRoutes];
}

export interface RunningServer extends Retaguarda {
  db: Db;
  port: number;
  url: string;
}

/** Opens the database, applies pending migrations, listens. */
export async function startServer(config: ServerConfig, opts: { db?: Db } = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDb(config));
  await migrate(db);
  await bootstrapPanelAdmin(db);
  const http = createHttpServer(config, db, allRoutes(), { fallback: panelStatic() });
  const { port, url } = await http.listen();
  return {
    ...http,
    db,
    port,
    url,
    close: async () => {
      await http.close();
      if (!opts.db) await db.close();
    },
  };
}
