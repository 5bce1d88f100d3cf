/**
 * Electron shell: OS glue only. Builds the core from config, wires the typed
 * API over IPC and serves the renderer from app://. No behaviour lives here.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/app/compose';
import { loadConfig } from '../core/app/config';
import { createSafeStorageSealer, safeStorageKeyProtector } from '../core/kernel/sealer';
import { quitWarning } from '../core/outbox/quit';
import { startEmbedded, type Embedded } from '../sandboxes/embedded';
import { shouldStartSandboxes } from '../sandboxes/policy';
import { INVOKE_CHANNEL, EVENT_CHANNEL } from './channels';

const SCHEME = 'app';
const HOST = 'balcao';
const APP_ORIGIN = `${SCHEME}://${HOST}`;

// pt-BR for Chromium's own UI (date pickers, number formats, spell-check): never mm/dd/yyyy.
app.commandLine.appendSwitch('lang', 'pt-BR');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let core: Core | undefined;
let embedded: Embedded | undefined;
let win: BrowserWindow | undefined;

function serveRenderer(): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== HOST) return new Response('not found', { status: 404 });
    // Exports (Minhas vendas / Relatório do dia): an attachment → Electron's save dialog.
    const exp = /^\/exports\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (exp) {
      const f = core?.services.exports.file(exp[1]);
      if (!f) return new Response('Arquivo de exportação não encontrado.', { status: 404 });
      const res = await net.fetch(pathToFileURL(f.file).toString());
      return new Response(res.body, { status: 200, headers: { 'Content-Disposition': `attachment; filename="${f.fileName}"` } });
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      // A malformed % escape: a plain 400, never the raw error text.
      return new Response('endereço inválido', { status: 400, headers: { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } });
    }
    const file = path.resolve(rendererDir, '.' + rel);
    if (!file.startsWith(rendererDir + path.sep)) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    return new Response(res.body, { status: res.status, headers });
  });
}

function isTrustedSender(frameUrl: string | undefined): boolean {
  return !!frameUrl && frameUrl.startsWith(APP_ORIGIN + '/');
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Balcão',
    show: false,
    webPreferences: {
      preload: path.join(app.getAppPath(), 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  // Closing with undelivered partner operations: warn (they are kept and go at the next start).
  let confirmedClose = false;
  win.on('close', (event) => {
    const warning = core ? quitWarning(core.services.outbox.worker.summary()) : null;
    if (confirmedClose || !warning || !win) return;
    event.preventDefault();
    void dialog
      .showMessageBox(win, {
        type: 'warning',
        title: warning.title,
        message: warning.message,
        detail: warning.detail,
        buttons: ['Sair mesmo assim', 'Continuar no Balcão'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response !== 0) return;
        confirmedClose = true;
        win?.close();
      });
  });
  // No link leaves the app (nothing needs the OS browser today): new windows are always denied.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

async function boot(): Promise<void> {
  const config = loadConfig(process.env, { dataDir: app.getPath('userData') });
  // Sandboxes (consoles with PINs and requests) never start in an installed build unless asked (BALCAO_SANDBOXES=1).
  embedded = shouldStartSandboxes({ packaged: app.isPackaged, env: process.env }) ? await startEmbedded(config) : undefined;
  core = createCore({
    config: embedded?.config ?? config,
    shell: 'electron',
    // Partner secrets sealed with the data folder's key, that key wrapped by the OS keychain / DPAPI (safeStorage):
    // a copied data folder opens nothing. Without a keychain (a Linux session with no secret service) the key file
    // stays a plain 0600 file, as in the browser host. Values sealed by safeStorage directly (older builds) still open.
    ...(safeStorage.isEncryptionAvailable() ? { keyProtector: safeStorageKeyProtector(safeStorage) } : {}),
    legacyOpen: (sealed: Buffer) => createSafeStorageSealer(safeStorage).open(sealed),
    sampleCatalogFile: app.isPackaged
      ? path.join(process.resourcesPath, 'catalog-sample.csv')
      : path.join(app.getAppPath(), 'resources', 'catalog-sample.csv'),
  });
  const c = core;

  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'ipc.untrusted', message: 'Origem não autorizada.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'api.unknownMethod', message: 'Operação inválida.' } };
    return c.dispatch(method, input);
  });
  c.events.subscribe((name, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, { event: name, payload });
  });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Checks (navigator.permissions.query, device access…) are answered "no" too, not only requests.
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  await createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(boot).catch((err) => {
    console.error('Falha ao iniciar o Balcão:', err);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void embedded?.close();
    core?.close();
  });
}
