/**
 * The hub sandbox in its own process for the sync bench (a partner is remote:
 * its CPU is not the till's), driven through its HTTP control API. It runs at
 * nice 10: on this 2-core machine it would otherwise take CPU from the till in
 * a way the real partner, on its own servers, never does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../core/app/paths';
import type { AppliedEffect } from '../sandboxes/hub/state';

export interface HubProcess {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  latency(ms: number): Promise<void>;
  effects(): Promise<AppliedEffect[]>;
  close(): Promise<void>;
}

export async function startHubProcess(): Promise<HubProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'sandboxes/hub/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, HUB_SANDBOX_PORT: '0', HUB_SANDBOX_CONSOLE_PORT: '0', HUB_SANDBOX_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, control } = await new Promise<{ url: string; control: string }>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const hub = /Sandbox Hub Fidelidade: (\S+)/.exec(out);
      const console_ = /Console \(PINs, falhas, campanhas\): (\S+)/.exec(out);
      if (hub && console_) resolve({ url: hub[1], control: console_[1] });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sandbox do hub saiu com ${code}`)));
  });
  lowerPriority(child.pid);
  child.stdout!.resume(); // quiet (HUB_SANDBOX_QUIET): only its start lines come through
  // The console URL carries its per-start token (?token=…): send it as the session header on every control call.
  const consoleUrl = new URL(control);
  const token = consoleUrl.searchParams.get('token') ?? '';
  const base = consoleUrl.origin + consoleUrl.pathname;
  const auth = { 'x-balcao-token': token };
  const post = async (sub: string, body: unknown = {}) => {
    const send = () => fetch(`${base}${sub}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
    // A kept-alive socket the console closed while idle (5 s) fails once: the call was not received, send it again.
    const r = await send().catch(send);
    if (!r.ok) throw new Error(`controle do hub ${sub}: HTTP ${r.status}`);
  };
  const reachable = async (want: boolean) => {
    for (;;) {
      const ok = await fetch(url, { method: 'POST', body: '{}' }).then(
        () => true,
        () => false,
      );
      if (ok === want) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    url,
    down: async () => {
      await post('/faults', { kind: 'down' });
      await reachable(false);
    },
    up: async () => {
      await post('/up');
      await reachable(true);
    },
    latency: (ms) => post('/faults', { route: '*', kind: 'latency', latencyMs: ms }),
    effects: async () => (await (await fetch(`${base}/effects`, { headers: auth })).json()) as AppliedEffect[],
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** nice 10 for every thread of the process (Linux: per thread id); best effort elsewhere. */
function lowerPriority(pid: number | undefined): void {
  if (!pid) return;
  let tids: number[] = [pid];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    // no /proc: the process's main thread only
  }
  for (const tid of tids) {
    try {
      os.setPriority(tid, 10);
    } catch {
      // gone or not allowed: it just keeps its priority
    }
  }
}
