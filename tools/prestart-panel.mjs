#!/usr/bin/env node
/**
 * Before `npm run server`: rebuilds the panel (server/panel → dist/panel) only when a source is newer than
 * dist/panel/index.html, as tools/prestart.mjs does for the till. Plain JavaScript: starts in milliseconds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const out = path.join(root, 'dist', 'panel', 'index.html');
let built = 0;
try {
  built = fs.statSync(out).mtimeMs;
} catch {
  built = 0;
}
const inputs = ['server/panel', 'shared/money.ts', 'package.json'].map((p) => newest(path.join(root, p)));
if (Math.max(...inputs) > built) {
  process.stderr.write('Compilando o painel da retaguarda…\n');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'server/panel/vite.config.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
