#!/usr/bin/env node
/**
 * First step of `npm test`: the system packages the tests drive must be on the machine.
 * Missing ones are installed with apt when we are root (one `apt-get update`, one install);
 * otherwise the run stops at once with the exact command that installs them — never
 * twenty minutes later at the e2e step. Plain JS with no dependency: it runs before anything.
 *
 * To add a package: one entry in NEEDS (what proves it is there, the Debian package, who needs it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const onPath = (cmd) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, cmd)));
const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};
/** Any installed major version (Debian puts each under /usr/lib/postgresql/<major>/bin). */
const postgresInstalled = () => {
  try {
    return fs.readdirSync('/usr/lib/postgresql').some((v) => isExecutable(path.join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  } catch {
    return onPath('initdb');
  }
};

export const NEEDS = [
  {
    pkg: 'chromium',
    present: () => isExecutable(process.env.BALCAO_CHROMIUM ?? '/usr/bin/chromium'),
    why: 'e2e (Playwright drives Debian\'s Chromium; it never downloads one)',
  },
  { pkg: 'strace', present: () => onPath('strace'), why: 'core/sales/durability.test.ts counts the fsyncs of a sale' },
  { pkg: 'postgresql', present: postgresInstalled, why: 'store-server tests start a throwaway PostgreSQL cluster' },
  { pkg: 'socat', present: () => onPath('socat'), why: 'scale tests make pty pairs' },
];

function aptRun(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

/**
 * Returns the exit code. The machine is a parameter so a test can play "not root" or "no apt-get":
 * needs, isRoot, hasApt, run(cmd, args) → ok, log(line).
 */
export function ensureSystemPackages({
  needs = NEEDS,
  isRoot = typeof process.getuid === 'function' && process.getuid() === 0,
  hasApt = onPath('apt-get'),
  run = aptRun,
  log = (line) => console.error(line),
} = {}) {
  const missing = needs.filter((n) => !n.present());
  if (missing.length === 0) return 0;
  const pkgs = missing.map((n) => n.pkg);
  for (const n of missing) log(`Falta o pacote do sistema "${n.pkg}": ${n.why}.`);
  const command = `sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`;
  if (!hasApt) {
    log(`Esta máquina não tem apt-get: instale ${pkgs.join(', ')} pelo gerenciador de pacotes do sistema (no Debian: ${command}).`);
    return 1;
  }
  if (!isRoot) {
    log(`Instale-os e rode \`npm test\` de novo:\n  ${command}`);
    return 1;
  }
  log(`Instalando com apt-get: ${pkgs.join(' ')}`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...pkgs])) {
    log(`A instalação falhou. Rode à mão e depois \`npm test\` de novo:\n  ${command}`);
    return 1;
  }
  const still = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) {
    log(`Instalados, mas ainda não encontrados: ${still.join(', ')} (BALCAO_CHROMIUM aponta para outro lugar?).`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(ensureSystemPackages());
