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
    routes: [...embedded.routes, exportsRoute(core.services.exports, () => host.token)],
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
  console.log(`Balcão no navegador: ${host.url}  (dados em ${embedded.config.dataDir})`);
}

const browserOnly = process.argv.includes('--browser');
const bin = browserOnly ? null : electronBinary();
if (bin) {
  await runElectron(bin);
} else {
  if (!browserOnly) console.log('Electron não está instalado nesta máquina (o binário não pôde ser baixado): abrindo o Balcão pelo navegador.');
  await runBrowserHost();
}
