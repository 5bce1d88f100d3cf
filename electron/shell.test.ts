import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../core/app/paths';
import { api, type BalcaoBridge, type Result } from '../shared/api';
import { electronEvent, fakeElectron, FakeWebContents, resetFakeElectron } from '../test-support/fake-electron';
import { createTestCore, TEST_CATALOG_CSV, tempDir } from '../test-support/fixtures';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/**
 * The Electron shell, run: electron/main.ts and electron/preload.ts load under Node with a recording
 * stand-in for the `electron` module (Electron's binary cannot run here, the shell's code can). The
 * real boot runs — config from the user-data folder, embedded sandboxes, the real core — and the
 * test plays the OS and the page against what the shell registered.
 */
vi.mock('electron', async () => (await import('../test-support/fake-electron')).fakeElectronModule());

const shell = fakeElectron();
const rendererDir = path.join(projectRoot, 'dist', 'renderer');
const TRUSTED = 'app://balcao/index.html';

/** What the renderer's frame at `frameUrl` gets back for `method(input)` over the shell's one IPC channel. */
function invokeFrom(frameUrl: string | undefined, method: unknown, input?: unknown): Promise<Result<unknown>> {
  const handler = shell.ipcHandlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no IPC handler');
  return Promise.resolve(handler({ senderFrame: frameUrl === undefined ? undefined : { url: frameUrl } }, method, input)) as Promise<Result<unknown>>;
}
const get = (url: string) => Promise.resolve(shell.protocolHandlers.get('app')!(new Request(url)));
const win = () => shell.windows[0];

beforeAll(async () => {
  shell.appPath = projectRoot;
  shell.userData = tempDir('balcao-electron-');
  await import('./main');
  await shell.booted;
}, 60_000);

afterAll(() => {
  shell.app.emit('will-quit');
});

describe('Electron shell: the window', () => {
  it('opens one window on app://balcao with isolation, sandbox, no Node, web security and the bundled preload', () => {
    expect(shell.windows).toHaveLength(1);
    expect(win().loadedUrl).toBe('app://balcao/index.html');
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(prefs.preload).toBe(path.join(projectRoot, 'dist-electron', 'preload.cjs'));
    for (const risky of ['nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webviewTag', 'allowRunningInsecureContent', 'experimentalFeatures']) {
      expect(prefs[risky], risky).not.toBe(true);
    }
    expect(win().options.minWidth).toBeLessThanOrEqual(1024);
    expect(win().shown).toBe(false);
    win().emit('ready-to-show');
    expect(win().shown).toBe(true);
  });

  it('runs Chromium in pt-BR (dates dd/mm/aaaa, not mm/dd/yyyy)', () => {
    expect(shell.switches).toContainEqual(['lang', 'pt-BR']);
  });

  it('registers only app:// as privileged: standard, secure, fetch — nothing that bypasses CSP', () => {
    expect(shell.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('refuses every new window, wherever it points', () => {
    for (const url of ['https://example.com/', 'app://balcao/index.html', 'file:///etc/passwd']) {
      expect(win().webContents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  it('refuses navigation out of app://balcao/', () => {
    const navigate = (url: string) => {
      const event = electronEvent();
      win().webContents.emit('will-navigate', event, url);
      return event.defaultPrevented ? 'refused' : 'allowed';
    };
    expect(navigate('app://balcao/index.html#/vendas')).toBe('allowed');
    expect(navigate('https://example.com/')).toBe('refused');
    expect(navigate('file:///etc/passwd')).toBe('refused');
    expect(navigate('app://balcao.example.com/')).toBe('refused');
    expect(navigate('app://other/index.html')).toBe('refused');
  });

  it('never attaches a webview, to any web contents', () => {
    const contents = new FakeWebContents(shell);
    shell.app.emit('web-contents-created', electronEvent(), contents);
    const event = electronEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('answers no to every permission request and every permission check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const answers: boolean[] = [];
      shell.permissionRequest!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(shell.permissionCheck!({}, permission, TRUSTED), permission).toBe(false);
    }
  });

  it('closes at once when nothing waits for the hub (no warning dialog)', () => {
    const event = electronEvent();
    win().emit('close', event);
    expect(event.defaultPrevented).toBe(false);
    expect(shell.messageBoxes).toEqual([]);
  });
});

describe('Electron shell: the app:// protocol', () => {
  it('serves the bundle with CSP, nosniff and no referrer; / is index.html', async () => {
    const before = shell.fetched.length;
    const res = await get('app://balcao/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await get('app://balcao/assets/index.js');
    expect(shell.fetched.slice(before)).toEqual([
      pathToFileURL(path.join(rendererDir, 'index.html')).toString(),
      pathToFileURL(path.join(rendererDir, 'assets', 'index.js')).toString(),
    ]);
  });

  it('refuses paths outside the bundle and never reads them', async () => {
    const before = shell.fetched.length;
    for (const sneaky of ['app://balcao/..%2f..%2fpackage.json', 'app://balcao/assets/..%2f..%2f..%2fpackage.json', 'app://balcao/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      expect((await get(sneaky)).status, sneaky).toBe(403);
    }
    // Whatever else a URL looks like, a file read is always inside the bundle.
    for (const odd of ['app://balcao/../../package.json', 'app://balcao/%2e%2e/%2e%2e/package.json', 'app://balcao/..%5c..%5cpackage.json']) await get(odd);
    for (const url of shell.fetched.slice(before)) expect(url.startsWith(pathToFileURL(rendererDir + path.sep).toString()), url).toBe(true);
  });

  it('answers another host 404 and a malformed escape 400 (with the CSP), reading nothing', async () => {
    const before = shell.fetched.length;
    expect((await get('app://other/index.html')).status).toBe(404);
    const bad = await get('app://balcao/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await bad.text()).not.toMatch(/URIError|malformed/i);
    expect(shell.fetched.length).toBe(before);
  });

  it('serves exports only by the id the core knows', async () => {
    const res = await get('app://balcao/exports/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Arquivo de exportação não encontrado.');
  });
});

describe('Electron shell: IPC', () => {
  it('handles one channel and listens to nothing else', () => {
    expect([...shell.ipcHandlers.keys()]).toEqual([INVOKE_CHANNEL]);
    expect(shell.ipcListeners).toEqual([]);
  });

  it('refuses calls from any frame that is not app://balcao', async () => {
    for (const frame of [undefined, 'https://example.com/', 'app://balcao.example.com/', 'file:///index.html']) {
      expect(await invokeFrom(frame, 'system.info', {}), String(frame)).toEqual({ ok: false, error: { code: 'ipc.untrusted', message: 'Origem não autorizada.' } });
    }
  });

  // The tests below run in order on the shell's one core: first nobody is signed in, then the Gerente is.
  it('before anyone signs in, every contract method answers exactly as the core called directly (same access checks)', async () => {
    const direct = await createTestCore({ shell: 'electron', catalogCsv: '', provision: false });
    const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
    try {
      const methods = Object.keys(api);
      expect(methods.length).toBeGreaterThan(50);
      const refused = new Set<string>();
      for (const method of methods) {
        for (const input of ['não é uma entrada', {}]) {
          const viaIpc = await invokeFrom(TRUSTED, method, input);
          expect(code(viaIpc), method).toBe(code(await direct.dispatch(method, input)));
          if (!viaIpc.ok) refused.add(viaIpc.error.code);
        }
      }
      // Both kinds of refusal were met: the access check (most methods) and the schema (public ones).
      expect(refused).toContain('auth.loginRequired');
      expect(refused).toContain('api.invalidInput');
    } finally {
      direct.close();
    }
  });

  it('signed in as the Gerente, every contract method reaches the dispatcher and its own input schema', async () => {
    expect(await invokeFrom(TRUSTED, 'users.firstAccess', { name: 'Gerente Teste', pin: '246813', pinConfirm: '246813' })).toMatchObject({ ok: true });
    for (const method of Object.keys(api)) {
      const r = await invokeFrom(TRUSTED, method, 'não é uma entrada');
      expect(r.ok ? 'ok' : r.error.code, method).toBe('api.invalidInput');
    }
    expect(await invokeFrom(TRUSTED, 'nada.disso', {})).toMatchObject({ ok: false, error: { code: 'api.unknownMethod' } });
    expect(await invokeFrom(TRUSTED, 42, {})).toMatchObject({ ok: false, error: { code: 'api.unknownMethod' } });
  });
});

describe('Electron shell: the preload', () => {
  let bridge: BalcaoBridge;
  beforeAll(async () => {
    await import('./preload');
    bridge = shell.exposed.get('balcao') as BalcaoBridge;
  });

  it('exposes only window.balcao, with invoke and on (never ipcRenderer itself)', () => {
    expect([...shell.exposed.keys()]).toEqual(['balcao']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function');
  });

  it('invoke reaches the core through the shell handler', async () => {
    const r = await bridge.invoke('system.info', {});
    expect(r).toEqual(await invokeFrom(TRUSTED, 'system.info', {}));
    expect(r.ok).toBe(true);
  });

  it('on() gets the core events main forwards, only the one asked for, until unsubscribed', async () => {
    const progress: unknown[] = [];
    const other: unknown[] = [];
    const off = bridge.on('catalog.importProgress', (p) => progress.push(p));
    const offOther = bridge.on('printing.job', (p) => other.push(p));
    const before = win().webContents.sent.length;
    const contentBase64 = Buffer.from(TEST_CATALOG_CSV, 'utf8').toString('base64');
    expect(await bridge.invoke('catalog.import', { fileName: 'catalogo.csv', contentBase64 })).toMatchObject({ ok: true });
    const forwarded = win().webContents.sent.slice(before);
    expect(forwarded.some((m) => (m.message as { event: string }).event === 'catalog.importProgress')).toBe(true);
    expect(forwarded.every((m) => m.channel === EVENT_CHANNEL)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ done: expect.any(Number), total: expect.any(Number) });
    expect(other).toEqual([]);
    off();
    offOther();
    expect(shell.rendererListeners.listenerCount(EVENT_CHANNEL)).toBe(0);
  });
});

describe('Electron shell: start-up policy', () => {
  /** Loads the shell again on a fresh stand-in (another process, as far as the shell can tell). */
  async function startAnother(knobs: { packaged?: boolean; singleInstance?: boolean }) {
    vi.resetModules();
    const other = resetFakeElectron();
    Object.assign(other, { appPath: projectRoot, userData: tempDir('balcao-electron-'), ...knobs });
    const logged: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    try {
      await import('./main');
      if (other.singleInstance) await other.booted;
    } finally {
      log.mockRestore();
    }
    return { other, logged };
  }

  it('a second instance quits at once and opens nothing', async () => {
    const { other } = await startAnother({ singleInstance: false });
    expect(other.appCalls).toEqual(['quit']);
    expect(other.windows).toEqual([]);
    expect(other.ipcHandlers.size).toBe(0);
  });

  it('an installed build starts no sandbox unless BALCAO_SANDBOXES=1, and reads the sample catalog from its resources', async () => {
    const saved = { resourcesPath: process.resourcesPath, sandboxes: process.env.BALCAO_SANDBOXES };
    (process as { resourcesPath?: string }).resourcesPath = path.join(projectRoot, 'resources');
    delete process.env.BALCAO_SANDBOXES;
    try {
      const { other, logged } = await startAnother({ packaged: true });
      expect(other.windows).toHaveLength(1);
      expect(logged.filter((l) => l.startsWith('sandbox '))).toEqual([]);
      other.app.emit('will-quit');
    } finally {
      (process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath;
      if (saved.sandboxes !== undefined) process.env.BALCAO_SANDBOXES = saved.sandboxes;
    }
  });

  it('a development run starts the embedded sandboxes (the stand-ins for hub, payments, printer)', async () => {
    const { other, logged } = await startAnother({ packaged: false });
    expect(logged.filter((l) => l.startsWith('sandbox ')).length).toBeGreaterThan(0);
    other.app.emit('will-quit');
  });
});
