/**
 * `npm start`: Electron when its binary is installed, else the same app in the
 * browser host. `npm run serve` (--browser): always the browser host.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../core/app/config';
import { createCore } from '../core/app/compose';
import { projectRoot } from '../core/app/paths';
import { exportsRoute } from '../core/exports/route';
import { quitLine } from '../core/outbox/quit';
import { startHost, type Host } from '../core/host/server';
import { startEmbedded } from '../sandboxes/embedded';

/** Electron's binary, without require('electron') (which tries to download it). */
function electronBinary(): string | null {
  const dir = path.join(projectRoot, 'node_modules', 'electron');
  const pathTxt = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return null;
  const bin = path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
}

async function runElectron(bin: string): Promise<void> {
  // dist-electron was rebuilt by tools/prestart.mjs only if a source changed (npm start runs it first).
  const child = spawn(bin, [projectRoot], { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function runBrowserHost(): Promise<void> {
  const config = loadConfig();
  const embedded = await startEmbedded(config);
  const core = createCore({ config: embedded.config, shell: 'browser' });
  const host: Host = await startHost({
    dispatch: core.dispatch,
    events: core.events,
    staticDir: path.join(projectRoot, 'dist', 'renderer'),
    port: embedded.config.port,
    routes: [...embedded.routes, exportsRoute(core.services.exports)],
    dataDir: embedded.config.dataDir,
    signedIn: () => core.services.users.session() !== null,
    // Each login URL works once: the next one is printed for another browser (or after the cookie is gone).
    onLogin: () => console.log(`Próximo endereço de acesso (uso único): ${host.loginUrl()}`),
  });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    // Undelivered partner operations stay in the database: say so, they go at the next start.
    const warning = quitLine(core.services.outbox.worker.summary());
    if (warning) console.log(warning);
    await host.close();
    await embedded.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Announced once Ctrl+C is handled (a Ctrl+C right after the URL still gets the orderly shutdown and its warning).
  const login = host.loginUrl();
  console.log(`Balcão no navegador: ${host.url}  (dados em ${embedded.config.dataDir})`);
  console.log(`Endereço de acesso (uso único; abre a sessão neste navegador): ${login}`);
  openBrowser(login);
}

/**
 * Opens the one-time login URL in the desktop's browser when one is there (xdg-open with a display, `open` on
 * macOS, `start` on Windows); `BALCAO_OPEN_BROWSER=0` never does. Best effort: the URL is printed anyway.
 */
function openBrowser(url: string): void {
  if (process.env.BALCAO_OPEN_BROWSER === '0') return;
  const onPath = (cmd: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, cmd)));
  let cmd: string;
  let args: string[];
  if (process.platform === 'darwin') [cmd, args] = ['open', [url]];
  else if (process.platform === 'win32') [cmd, args] = ['cmd', ['/c', 'start', '""', url]];
  else if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open')) [cmd, args] = ['xdg-open', [url]];
  else return;
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    /* no browser: the printed URL is enough */
  }
}

const browserOnly = process.argv.includes('--browser');
const bin = browserOnly ? null : electronBinary();
if (bin) {
  await runElectron(bin);
} else {
  if (!browserOnly) console.log('Electron não está instalado nesta máquina (o binário não pôde ser baixado): abrindo o Balcão pelo navegador.');
  await runBrowserHost();
}
