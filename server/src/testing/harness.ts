/**
 * Test support: the same test body against both engines. `engines()` yields PGlite (a temp folder)
 * and a real PostgreSQL (a throwaway cluster, one database per server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../app';
import type { ServerConfig } from '../config';
import { openDb, type Db } from '../db/db';
import { startTestCluster, type TestCluster } from './postgres';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];

export interface EngineKit {
  engine: Engine;
  /** A fresh empty database (PGlite folder or PostgreSQL database) → its config. */
  freshConfig(): Promise<ServerConfig>;
  /** A server on a config (port 0). */
  start(config: ServerConfig): Promise<RunningServer>;
  open(config: ServerConfig): Promise<Db>;
  cluster: TestCluster | null;
  dispose(): void;
}

export async function engineKit(engine: Engine): Promise<EngineKit> {
  const cluster = engine === 'postgres' ? await startTestCluster() : null;
  const dirs: string[] = [];
  return {
    engine,
    cluster,
    async freshConfig() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-test-'));
      dirs.push(dataDir);
      return {
        dataDir,
        databaseUrl: cluster ? await cluster.createDatabase() : null,
        port: 0,
        host: '127.0.0.1',
        signatureWindowMs: 5 * 60_000,
      };
    },
    start: (config) => startServer(config),
    open: (config) => openDb({ ...config, poolSize: 4 }),
    dispose() {
      cluster?.stop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}
