/** A running server with one store, two tills, a user: what most server tests start from. */
import type { RunningServer } from '../app';
import * as admin from '../admin/service';
import { createRetaguardaClient, type RetaguardaClient } from '../../../shared/retaguarda/client';
import type { EngineKit } from './harness';

export interface StoreFixture {
  server: RunningServer;
  storeId: string;
  tills: { tillId: string; secret: string; client: RetaguardaClient }[];
  close(): Promise<void>;
}

export async function storeFixture(kit: EngineKit, tillCount = 2, cnpj = '54517628001593'): Promise<StoreFixture> {
  const server = await kit.start(await kit.freshConfig());
  const { storeId } = await admin.createStore(server.db, { name: 'Loja Centro', cnpj });
  const tills = [];
  for (let i = 1; i <= tillCount; i++) {
    const t = await admin.createTill(server.db, { storeId, name: `Caixa ${i}` });
    tills.push({ ...t, client: createRetaguardaClient({ url: server.url, ...t }) });
  }
  return { server, storeId, tills, close: () => server.close() };
}

export async function count(server: RunningServer, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return row.n;
}
