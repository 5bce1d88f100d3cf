#!/usr/bin/env node
/**
 * Before `npm start` / `npm run serve`: rebuilds only what is out of date —
 * the renderer (dist/renderer), the host+core bundle (dist-host/start.mjs)
 * and, when Electron will be used, the shell (dist-electron) — by comparing
 * the newest source file's mtime with the output's. Plain JavaScript so it
 * starts in a few milliseconds; a fresh clone builds everything once.
 *
 *   node tools/prestart.mjs [--browser]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const browserOnly = process.argv.includes('--browser');

/** Newest mtime (ms) of the files under these paths (tests and build outputs skipped). */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) visit(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p) && st.mtimeMs > max) max = st.mtimeMs;
  };
  for (const p of paths) visit(path.join(root, p));
  return max;
}

function mtime(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function vite(args, env = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronInstalled() {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    return fs.existsSync(path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim()));
  } catch {
    return false;
  }
}

const common = ['shared', 'package.json'];
const jobs = [
  { name: 'tela', out: 'dist/renderer/index.html', inputs: ['renderer', 'vite.config.ts', ...common], run: () => vite([]) },
  {
    name: 'host',
    out: 'dist-host/start.mjs',
    inputs: ['core', 'sandboxes', 'tools/start.ts', 'tools/host.vite.config.ts', ...common],
    run: () => vite(['--config', 'tools/host.vite.config.ts']),
  },
];
if (!browserOnly && electronInstalled()) {
  jobs.push({
    name: 'Electron',
    out: 'dist-electron/preload.cjs',
    inputs: ['electron', 'core', 'sandboxes', ...common],
    run: () => {
      vite(['--config', 'electron/vite.config.ts']);
      vite(['--config', 'electron/vite.config.ts'], { ELECTRON_ENTRY: 'preload' });
    },
  });
}
for (const job of jobs) {
  if (mtime(job.out) >= newest(job.inputs)) continue;
  process.stdout.write(`Compilando ${job.name} (código mudou desde a última compilação)…\n`);
  job.run();
}
