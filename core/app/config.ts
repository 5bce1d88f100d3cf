import os from 'node:os';
import path from 'node:path';

export interface Config {
  /** Folder of the SQLite file, logs and sealed secrets. */
  dataDir: string;
  /** Browser host port (0 = any free port). */
  port: number;
  /** Hub Fidelidade base URL; null = the embedded sandbox. */
  hubUrl: string | null;
  /** Payment API base URL; null = the embedded sandbox. */
  paymentUrl: string | null;
  /** Set by the embedded payment sandbox: its demo credentials, used only while none are saved in "Pagamentos". */
  paymentSandboxCredentials?: { accessKey: string; secretKey: string; clientId: string };
  /** Printer interface, e.g. tcp://127.0.0.1:9100; null = the embedded virtual printer. */
  printer: string | null;
  /** Whether to load the sample catalog into an empty database. */
  loadSampleCatalog: boolean;
  storeName: string;
  /** BALCAO_ADMIN_PIN: a fresh database gets the Gerente "Gerente" with this PIN (no "Primeiro acesso"). */
  adminPin: string | null;
  /** The store server (issue 23): BALCAO_RETAGUARDA_URL + _CAIXA (till id) + _SEGREDO; null = the till works alone. */
  retaguarda: { url: string; tillId: string; secret: string } | null;
}

export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Balcao');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Balcao');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'balcao');
}

/** Configuration from the environment (ops and tests override defaults here). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<Config> = {}): Config {
  const port = env.BALCAO_PORT !== undefined ? Number(env.BALCAO_PORT) : (defaults.port ?? 5180);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BALCAO_PORT inválida: ${env.BALCAO_PORT}`);
  return {
    dataDir: env.BALCAO_DATA_DIR || defaults.dataDir || defaultDataDir(),
    port,
    hubUrl: env.BALCAO_HUB_URL || defaults.hubUrl || null,
    paymentUrl: env.BALCAO_PAYMENT_URL || defaults.paymentUrl || null,
    printer: env.BALCAO_PRINTER || defaults.printer || null,
    loadSampleCatalog: env.BALCAO_SAMPLE_CATALOG !== '0' && (defaults.loadSampleCatalog ?? true),
    storeName: env.BALCAO_STORE_NAME || defaults.storeName || 'Loja Balcão',
    adminPin: env.BALCAO_ADMIN_PIN || defaults.adminPin || null,
    retaguarda: retaguardaFromEnv(env) ?? defaults.retaguarda ?? null,
  };
}

/** All three BALCAO_RETAGUARDA_* or none; a half-set pairing is refused with what is missing. */
function retaguardaFromEnv(env: NodeJS.ProcessEnv): Config['retaguarda'] {
  const url = env.BALCAO_RETAGUARDA_URL || '';
  const tillId = env.BALCAO_RETAGUARDA_CAIXA || '';
  const secret = env.BALCAO_RETAGUARDA_SEGREDO || '';
  if (!url && !tillId && !secret) return null;
  const missing = [!url && 'BALCAO_RETAGUARDA_URL', !tillId && 'BALCAO_RETAGUARDA_CAIXA', !secret && 'BALCAO_RETAGUARDA_SEGREDO'].filter(Boolean);
  if (missing.length) throw new Error(`Retaguarda: falta ${missing.join(', ')} (informe URL, caixa e segredo juntos).`);
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error(`BALCAO_RETAGUARDA_URL inválida: ${url}`);
  return { url, tillId, secret };
}
