import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS run by `npm test` before anything is built (no types)
import { ensureSystemPackages, NEEDS } from './ensure-system-packages.mjs';

type Need = { pkg: string; present: () => boolean; why: string };

/** A machine: which packages are installed, and what apt-get does to it. */
function machine(installed: string[], { isRoot = true, hasApt = true, aptWorks = true } = {}) {
  const have = new Set(installed);
  const calls: string[] = [];
  const lines: string[] = [];
  const needs: Need[] = ['chromium', 'strace', 'socat'].map((pkg) => ({ pkg, present: () => have.has(pkg), why: `needed by ${pkg} tests` }));
  const code: number = ensureSystemPackages({
    needs,
    isRoot,
    hasApt,
    run: (cmd: string, args: string[]) => {
      calls.push([cmd, ...args].join(' '));
      if (aptWorks && args[0] === 'install') for (const p of args.filter((a) => !a.startsWith('-') && a !== 'install')) have.add(p);
      return aptWorks;
    },
    log: (l: string) => lines.push(l),
  });
  return { code, calls, out: lines.join('\n') };
}

describe('npm test ensures the system packages its tests need', () => {
  it('nothing missing: no apt call, no output', () => {
    expect(machine(['chromium', 'strace', 'socat'])).toEqual({ code: 0, calls: [], out: '' });
  });

  it('as root: one apt-get update, then one install of exactly the missing packages', () => {
    const m = machine(['strace']);
    expect(m.code).toBe(0);
    expect(m.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium socat']);
  });

  it('not root: stops at once with the exact command, installs nothing', () => {
    const m = machine(['socat'], { isRoot: false });
    expect(m.code).toBe(1);
    expect(m.calls).toEqual([]);
    expect(m.out).toContain('sudo apt-get update && sudo apt-get install -y chromium strace');
    expect(m.out).toContain('needed by chromium tests');
  });

  it('apt fails or there is no apt-get: exit 1 with the command to run by hand', () => {
    expect(machine([], { aptWorks: false })).toMatchObject({ code: 1, out: expect.stringContaining('sudo apt-get install -y chromium strace socat') });
    expect(machine([], { hasApt: false })).toMatchObject({ code: 1, calls: [], out: expect.stringContaining('não tem apt-get') });
  });

  it('the real list names chromium, strace, postgresql and socat, each with who needs it', () => {
    expect((NEEDS as Need[]).map((n) => n.pkg)).toEqual(['chromium', 'strace', 'postgresql', 'socat']);
    for (const n of NEEDS as Need[]) expect(n.why.length).toBeGreaterThan(10);
  });
});
