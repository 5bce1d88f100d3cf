import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { createSafeStorageSealer, FileKeySealer, safeStorageKeyProtector, type SafeStorageLike } from './sealer';

/**
 * Issue 20 (6): secrets at rest. The sealing key sat beside the database, so a copied data folder opened the
 * sealed partner keys. In Electron the shell now passes a KeyProtector backed by safeStorage (the OS keychain):
 * the key file holds only the keychain-wrapped key. Here a fake safeStorage stands in for the keychain (a
 * secret that lives outside the data folder), as Electron's binary cannot run on this machine.
 */
function fakeKeychain(): SafeStorageLike & { calls: number } {
  const osSecret = randomBytes(32);
  const k = {
    calls: 0,
    isEncryptionAvailable: () => true,
    encryptString(plain: string) {
      k.calls++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', osSecret, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), data]);
    },
    decryptString(blob: Buffer) {
      const d = createDecipheriv('aes-256-gcm', osSecret, blob.subarray(3, 15));
      d.setAuthTag(blob.subarray(15, 31));
      return Buffer.concat([d.update(blob.subarray(31)), d.final()]).toString('utf8');
    },
  };
  return k;
}

describe('sealing key protected by the OS keychain (Electron)', () => {
  it('the key file holds no usable key: a copied data folder does not open the sealed secret', () => {
    const dir = tempDir();
    const keyFile = path.join(dir, 'balcao-secrets.key');
    const keychain = fakeKeychain();
    const sealer = new FileKeySealer(keyFile, safeStorageKeyProtector(keychain));
    const sealed = sealer.seal('chave-de-integracao-do-hub');
    expect(sealer.open(sealed)).toBe('chave-de-integracao-do-hub');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile).length).not.toBe(32);

    // Another machine (or another user) with a copy of the folder: no keychain, no key.
    const copy = tempDir();
    fs.copyFileSync(keyFile, path.join(copy, 'balcao-secrets.key'));
    expect(() => new FileKeySealer(path.join(copy, 'balcao-secrets.key')).open(sealed)).toThrow(/cofre do sistema/);
    expect(() => new FileKeySealer(path.join(copy, 'balcao-secrets.key'), safeStorageKeyProtector(fakeKeychain())).open(sealed)).toThrow();
  });

  it('a plain key file from the browser host is wrapped in place; values sealed by safeStorage directly still open', () => {
    const dir = tempDir();
    const keyFile = path.join(dir, 'balcao-secrets.key');
    const plain = new FileKeySealer(keyFile);
    const sealed = plain.seal('segredo');
    expect(fs.readFileSync(keyFile).length).toBe(32);
    const keychain = fakeKeychain();
    const legacyBlob = createSafeStorageSealer(keychain).seal('segredo-antigo');
    const wrapped = new FileKeySealer(keyFile, safeStorageKeyProtector(keychain), (b) => createSafeStorageSealer(keychain).open(b));
    expect(wrapped.open(sealed)).toBe('segredo');
    expect(fs.readFileSync(keyFile).length).not.toBe(32);
    expect(wrapped.open(legacyBlob)).toBe('segredo-antigo');
  });

  it('createCore with a keyProtector seals the partner keys with the protected key file', async () => {
    const dir = tempDir();
    const keychain = fakeKeychain();
    const core = await createTestCore({ dataDir: dir, catalogCsv: '', log: () => {}, keyProtector: safeStorageKeyProtector(keychain) });
    try {
      const r = await core.dispatch('payments.settings.save', { baseUrl: '', accessKey: 'ak', secretKey: 'sk-segredo', clientId: 'c', wallet: '', forms: [1, 17] });
      expect(r.ok).toBe(true);
      expect(keychain.calls).toBe(1);
      expect(fs.readFileSync(path.join(dir, 'balcao-secrets.key')).subarray(0, 6).toString()).toBe('BALCAO');
    } finally {
      core.close();
    }
  });
});
