/**
 * Cold start: from spawning a command (e.g. `npm run serve`) to the first
 * `sales.current` answered through the browser host (the sale screen's first
 * call). Reads the URL the host prints, the token from the page, then calls.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ColdStart {
  ms: number;
  firstOutputMs: number;
  /** The app's RSS (MB) after `afterStart` ran (from /proc, Linux). */
  rssMb: number;
  /** Its split (MB): anonymous (V8 heap, malloc, stacks) and file pages (the node binary, libraries). */
  anonMb: number;
  fileMb: number;
}

/** Starts the app, waits for the first sales.current, runs `afterStart` (calls through the host), kills it. */
export async function coldStartMs(
  cmd: string,
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; dataDir?: string; afterStart?: (call: (m: string, i: unknown) => Promise<unknown>) => Promise<void> } = {},
): Promise<ColdStart> {
  const env = opts.env ?? {};
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-cold-'));
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, BALCAO_DATA_DIR: dataDir, BALCAO_PORT: '0', BALCAO_OPEN_BROWSER: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  let firstOutputMs = 0;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        if (!firstOutputMs) firstOutputMs = performance.now() - t0;
        out += d;
        // The one-time login URL (npm start prints it after the address).
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)login\?code=[\w-]+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => reject(new Error(`saiu com ${code}: ${out}\n${err}`)));
    });
    const login = await fetch(url, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const base = url.replace(/login\?.*$/, '');
    const html = await (await fetch(base, { headers: cookie ? { cookie } : {} })).text();
    const token = /name="balcao-token" content="([0-9a-f]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`página sem token (${html.slice(0, 80)})`);
    const call = async (m: string, i: unknown) => {
      const r = (await (await fetch(`${base}api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-balcao-token': token }, body: JSON.stringify(i) })).json()) as { ok: boolean; value: unknown };
      if (!r.ok) throw new Error(`${m} falhou: ${JSON.stringify(r)}`);
      return r.value;
    };
    await call('sales.current', {});
    const ms = performance.now() - t0;
    await opts.afterStart?.(call);
    return { ms, firstOutputMs, ...treeRssMb(child.pid!) };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** RSS (MB, with its anonymous/file split) of the app's own Node process: the one in the tree (npm → sh → node) running the dist-host bundle, else the root. */
function treeRssMb(pid: number): { rssMb: number; anonMb: number; fileMb: number } {
  const rss = (p: number) => {
    const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
    const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
    return { rssMb: mb('VmRSS'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
  };
  const find = (p: number): number | null => {
    try {
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (/node$/.test(argv[0]) && argv.some((a) => a.endsWith('start.mjs'))) return p;
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean)) {
          const hit = find(Number(c));
          if (hit) return hit;
        }
      }
    } catch {
      /* gone or not Linux */
    }
    return null;
  };
  try {
    return rss(find(pid) ?? pid);
  } catch {
    return { rssMb: NaN, anonMb: NaN, fileMb: NaN };
  }
}
