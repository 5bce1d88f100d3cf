/**
 * Sandboxed preload: exposes the typed bridge (`window.balcao`) and nothing
 * else — never raw ipcRenderer. Same shape as the browser host's bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BalcaoBridge } from '../shared/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const bridge: BalcaoBridge = {
  invoke: (method, input) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  on: (event, listener) => {
    const handler = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) listener(msg.payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('balcao', bridge);
