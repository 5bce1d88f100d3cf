/**
 * Cold start: from spawning a command (e.g. `npm run serve`) to the first
 * `sales.current` answered through the browser host (the sale screen's first
 * call). Reads the URL the host prints, the token from the page, then calls.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function coldStartMs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; firstOutputMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-cold-'));
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, BALCAO_DATA_DIR: dataDir, BALCAO_PORT: '0', ...env },
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
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => reject(new Error(`saiu com ${code}: ${out}\n${err}`)));
    });
    const html = await (await fetch(url)).text();
    const token = /name="balcao-token" content="([0-9a-f]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`página sem token (${html.slice(0, 80)})`);
    const r = (await (await fetch(`${url}api/sales.current`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-balcao-token': token }, body: '{}' })).json()) as { ok: boolean };
    if (!r.ok) throw new Error('sales.current falhou');
    return { ms: performance.now() - t0, firstOutputMs };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('coldstart.ts')) {
  const [cmd, ...args] = process.argv.slice(2);
  const r = await coldStartMs(cmd, args, process.cwd());
  console.log(JSON.stringify(r));
}
