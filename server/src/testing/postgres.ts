/**
 * A throwaway PostgreSQL cluster for tests and the bench: initdb + pg_ctl in a temp folder on a free
 * port. fsync off (tests measure behaviour, not the disk) but synchronous commits: an acknowledged commit
 * survives a killed server process or an immediate stop (the OS keeps the WAL), which the restart test
 * relies on; only an OS crash could lose it. Never skipped: without the binaries it fails with the
 * command that installs them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const INSTALL_HINT = 'PostgreSQL não encontrado: instale com `apt-get install -y postgresql` (Debian; binários em /usr/lib/postgresql/15/bin) ou aponte RETAGUARDA_PG_BIN para a pasta bin.';

export function findPgBin(): string {
  const candidates = [process.env.RETAGUARDA_PG_BIN, '/usr/lib/postgresql/15/bin'];
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    /* no Debian layout */
  }
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'initdb')) && fs.existsSync(path.join(c, 'pg_ctl'))) return c;
  throw new Error(INSTALL_HINT);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface TestCluster {
  /** postgres://…/postgres */
  url: string;
  port: number;
  dir: string;
  /** A fresh database on the cluster → its URL. */
  createDatabase(name?: string): Promise<string>;
  restart(): void;
  stop(): void;
}

export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retaguarda-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root: as root, run the cluster as the postgres user (Debian's package creates it).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['postgres:', dir]);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    url,
    port,
    dir,
    async createDatabase(name = `t${process.pid}_${++n}`) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    restart() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      start();
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
