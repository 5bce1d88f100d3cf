/**
 * A till as its own process: `npm run serve`'s built browser host (dist-host/start.mjs --browser, so
 * `npm run build` first) with its own data folder, port 0 and the environment given (e.g. the
 * BALCAO_RETAGUARDA_* pairing). The test reads its one-time login URL from stdout and may read its
 * SQLite (read-only) to wait on what it has applied.
 *
 *   const till = await startTillHost({ BALCAO_RETAGUARDA_URL: url, … });
 *   await page.goto(till.loginUrl); … ; await till.stop();
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../core/app/paths';

export interface TillHost {
  url: string;
  loginUrl: string;
  dataDir: string;
  /** One query on the till's database, read-only (the till keeps writing in WAL mode). */
  read<T>(sql: string, ...params: unknown[]): T[];
  /** What the process printed (attached on failure). */
  output(): string;
  stop(): Promise<void>;
}

export async function startTillHost(env: Record<string, string>): Promise<TillHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-till-'));
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(projectRoot, 'dist-host', 'start.mjs'), '--browser'], {
    cwd: projectRoot,
    env: { ...process.env, BALCAO_DATA_DIR: dataDir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0', BALCAO_OPEN_BROWSER: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url, loginUrl } = await new Promise<{ url: string; loginUrl: string }>((resolve, reject) => {
    const look = () => {
      const u = /Balcão no navegador: (http:\/\/\S+)/.exec(out);
      const l = /Endereço de acesso \(uso único; abre a sessão neste navegador\): (http:\/\/\S+)/.exec(out);
      if (u && l) resolve({ url: u[1], loginUrl: l[1] });
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`o caixa saiu (${code}) antes de abrir: ${out}`)));
  });
  let db: Database.Database | null = null;
  return {
    url,
    loginUrl,
    dataDir,
    read<T>(sql: string, ...params: unknown[]) {
      db ??= new Database(path.join(dataDir, 'balcao.db'), { readonly: true, fileMustExist: true });
      return db.prepare(sql).all(...params) as T[];
    },
    output: () => out,
    async stop() {
      db?.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
