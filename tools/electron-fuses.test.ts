import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../core/app/paths';

/**
 * Issue 8 (Electron): the fuses electron-builder flips in the packaged binary. The shell's behaviour
 * (window, navigation, permissions, app://, IPC, preload) is tested by running it: electron/shell.test.ts.
 */
const read = (f: string) => fs.readFileSync(path.join(projectRoot, f), 'utf8');

/** `key: value` pairs of the top-level `electronFuses:` block. */
function fuses(yml: string): Record<string, string> {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l));
  expect(start, 'electronFuses in electron-builder.yml').toBeGreaterThanOrEqual(0);
  const out: Record<string, string> = {};
  for (const l of lines.slice(start + 1)) {
    const m = /^\s+(\w+):\s*(\S+)\s*$/.exec(l);
    if (!m) break;
    out[m[1]] = m[2];
  }
  return out;
}

describe('Electron shell hardening', () => {
  it('packaging flips the fuses: no run-as-node, no NODE_OPTIONS, app only from asar, cookies encrypted', () => {
    expect(fuses(read('electron-builder.yml'))).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
  });
});
