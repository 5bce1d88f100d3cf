/**
 * A recording stand-in for the `electron` module, so the real shell (electron/main.ts,
 * electron/preload.ts) runs under Node in a test: `vi.mock('electron', () => fakeElectronModule())`.
 * It keeps what the shell asked for (windows and their options, handlers, protocol, IPC) and lets
 * a test play the OS and the page: navigate, open a window, request a permission, fetch an
 * app:// URL, invoke over IPC from a given frame. The two processes are linked: the preload's
 * `ipcRenderer.invoke` reaches the handler main registered, `webContents.send` reaches the preload.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: any[]) => unknown;

export interface ElectronEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export const electronEvent = (extra: Record<string, unknown> = {}): ElectronEvent & Record<string, unknown> => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
  ...extra,
});

/** Everything the shell did, for assertions, plus the knobs a test turns before loading it. */
export class FakeElectronState {
  appPath = process.cwd();
  userData = '';
  packaged = false;
  singleInstance = true;
  /** The frame the preload's calls come from (what Electron reports as senderFrame.url). */
  rendererFrameUrl = 'app://balcao/index.html';
  messageBoxResponse = 0;

  readonly app = new EventEmitter();
  readonly appCalls: string[] = [];
  /** Chromium switches the shell appended (app.commandLine.appendSwitch), as [name, value]. */
  readonly switches: Array<[string, string | undefined]> = [];
  readonly privilegedSchemes: unknown[] = [];
  readonly protocolHandlers = new Map<string, (req: Request) => Promise<Response> | Response>();
  readonly fetched: string[] = [];
  readonly ipcHandlers = new Map<string, Listener>();
  readonly ipcListeners: string[] = [];
  readonly windows: FakeWindow[] = [];
  readonly messageBoxes: unknown[] = [];
  permissionRequest?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
  permissionCheck?: (wc: unknown, permission: string, origin?: string, details?: unknown) => boolean;
  readonly exposed = new Map<string, unknown>();
  readonly rendererListeners = new EventEmitter();
  private loaded!: () => void;
  /** Resolves when the first window has loaded its URL (the shell finished booting). */
  readonly booted = new Promise<void>((resolve) => (this.loaded = resolve));

  windowLoaded(): void {
    this.loaded();
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: Array<{ channel: string; message: unknown }> = [];
  constructor(private readonly state: FakeElectronState) {
    super();
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
    this.state.rendererListeners.emit(channel, { sender: null }, message);
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  loadedUrl: string | null = null;
  shown = false;
  closed = false;
  constructor(
    private readonly state: FakeElectronState,
    readonly options: Record<string, any>,
  ) {
    super();
    this.webContents = new FakeWebContents(state);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.state.windowLoaded();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  /** Like the user clicking the close box: 'close' listeners may prevent it. */
  close(): void {
    const event = electronEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.closed = true;
  }
}

let state = new FakeElectronState();

/** The knobs and records of the machine the shell sees (set the knobs before importing the shell). */
export const fakeElectron = (): FakeElectronState => state;

/**
 * A fresh machine for the next load of the shell (after vi.resetModules(): vitest keeps the mocked
 * module, whose functions always act on the current machine).
 */
export function resetFakeElectron(): FakeElectronState {
  state = new FakeElectronState();
  return state;
}

/** The `electron` module as main.ts and preload.ts import it. */
export function fakeElectronModule(): Record<string, unknown> {
  const app = {
    on: (name: string, fn: Listener) => (state.app.on(name, fn), app),
    once: (name: string, fn: Listener) => (state.app.once(name, fn), app),
    getAppPath: () => state.appPath,
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`fake electron: getPath(${name})`);
      return state.userData;
    },
    get isPackaged() {
      return state.packaged;
    },
    requestSingleInstanceLock: () => state.singleInstance,
    commandLine: {
      appendSwitch: (name: string, value?: string) => void state.switches.push([name, value]),
    },
    whenReady: () => Promise.resolve(),
    quit: () => void state.appCalls.push('quit'),
    exit: (code: number) => void state.appCalls.push(`exit ${code}`),
  };
  class BrowserWindow extends FakeWindow {
    constructor(options: Record<string, any>) {
      super(state, options);
      state.windows.push(this);
    }
    static getAllWindows = () => state.windows.filter((w) => !w.closed);
  }
  const ipcMain = {
    handle: (channel: string, fn: Listener) => {
      if (state.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      state.ipcHandlers.set(channel, fn);
    },
    on: (channel: string) => void state.ipcListeners.push(channel),
  };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = state.ipcHandlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron passes structured clones both ways.
      return structuredClone(await handler({ senderFrame: { url: state.rendererFrameUrl } }, ...args.map((a) => structuredClone(a))));
    },
    on: (channel: string, fn: Listener) => (state.rendererListeners.on(channel, fn), ipcRenderer),
    removeListener: (channel: string, fn: Listener) => (state.rendererListeners.removeListener(channel, fn), ipcRenderer),
  };
  return {
    app,
    BrowserWindow,
    dialog: {
      showMessageBox: async (_win: unknown, options: unknown) => {
        state.messageBoxes.push(options);
        return { response: state.messageBoxResponse };
      },
    },
    ipcMain,
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (state.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        state.exposed.set(key, api);
      },
    },
    net: {
      fetch: async (url: string) => {
        state.fetched.push(url);
        return new Response(`file ${url}`, { status: 200, headers: { 'content-type': 'text/plain' } });
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privilegedSchemes.push(...schemes),
      handle: (scheme: string, fn: (req: Request) => Promise<Response> | Response) => void state.protocolHandlers.set(scheme, fn),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString('utf8'),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: FakeElectronState['permissionRequest']) => void (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: FakeElectronState['permissionCheck']) => void (state.permissionCheck = fn),
      },
    },
  };
}
