import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSealer, FileKeySealer, maskSecret } from './sealer';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-sealer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('FileKeySealer (browser host)', () => {
  it('round-trips, uses a fresh IV each time, and the key file is 32 bytes with mode 0600', () => {
    const s = new FileKeySealer(path.join(dir, 'sub', 'k.key'));
    const a = s.seal('segredo-ç-600');
    const b = s.seal('segredo-ç-600');
    expect(a.equals(b)).toBe(false);
    expect(s.open(a)).toBe('segredo-ç-600');
    const file = path.join(dir, 'sub', 'k.key');
    expect(fs.statSync(file).size).toBe(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A second instance (next start) reads the same key.
    expect(new FileKeySealer(file).open(a)).toBe('segredo-ç-600');
  });

  it('a tampered secret does not open (authenticated encryption)', () => {
    const s = new FileKeySealer(path.join(dir, 'k.key'));
    const sealed = s.seal('abc');
    sealed[sealed.length - 1] ^= 1;
    expect(() => s.open(sealed)).toThrow();
  });

  it('tightens a key file left with a wider mode', () => {
    const file = path.join(dir, 'k.key');
    new FileKeySealer(file).seal('x');
    fs.chmodSync(file, 0o644);
    new FileKeySealer(file).seal('y');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('safeStorage adapter (Electron injects the real one)', () => {
  it('refuses to seal when the OS store is unavailable instead of storing in clear', () => {
    const sealer = createSafeStorageSealer({
      isEncryptionAvailable: () => false,
      encryptString: (p) => Buffer.from(p),
      decryptString: (b) => b.toString(),
    });
    expect(() => sealer.seal('abc')).toThrow('armazenamento seguro do sistema indisponível');
  });
});

it('maskSecret shows at most the last 4 characters, none for short keys', () => {
  expect(maskSecret('abcdefghijkl')).toBe('••••••••ijkl');
  expect(maskSecret('abc')).toBe('••••••••');
});
