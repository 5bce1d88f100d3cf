import type { HandlerGroup } from '../kernel/handlers';

/** system.*: what the screen shows about this till (version, shell, data folder, store, who is at the till). */
export function systemHandlers(info: {
  version: string;
  shell: 'electron' | 'browser' | 'test';
  dataDir: string;
  storeName: string;
  operator: () => { id: number; name: string };
}): HandlerGroup {
  return {
    'system.info': () => ({ version: info.version, shell: info.shell, dataDir: info.dataDir, storeName: info.storeName, operator: info.operator() }),
  };
}
