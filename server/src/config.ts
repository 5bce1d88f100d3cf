import os from 'node:os';
import path from 'node:path';

export interface ServerConfig {
  /** PGlite data folder (used when databaseUrl is null). */
  dataDir: string;
  /** postgres://… → a real PostgreSQL through `pg`; null → embedded PGlite in dataDir. */
  databaseUrl: string | null;
  /** HTTP port (0 = any free port). */
  port: number;
  /** Address to bind (127.0.0.1 by default; 0.0.0.0 behind a reverse proxy on another host). */
  host: string;
  /** Accepted clock difference of a till's signed request, in ms (replay window). */
  signatureWindowMs: number;
}

/** The till's data folder (core/app/config.ts defaultDataDir), rebuilt here: the server never imports core/. */
function tillDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Balcao');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Balcao');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'balcao');
}

/** Beside the till's data folder: …/balcao → …/balcao-retaguarda. */
export function defaultServerDataDir(): string {
  const till = tillDataDir();
  return path.join(path.dirname(till), `${path.basename(till)}-retaguarda`);
}

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.RETAGUARDA_PORT !== undefined && env.RETAGUARDA_PORT !== '' ? Number(env.RETAGUARDA_PORT) : 5200;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`RETAGUARDA_PORT inválida: ${env.RETAGUARDA_PORT}`);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL deve começar com postgres:// ou postgresql://');
  return {
    dataDir: env.RETAGUARDA_DATA_DIR || defaultServerDataDir(),
    databaseUrl,
    port,
    host: env.RETAGUARDA_HOST || '127.0.0.1',
    signatureWindowMs: 5 * 60_000,
  };
}
