import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { privateDir } from '../app/private-files';

/**
 * Seals secrets at rest (the hub's integration key). Core code depends only on
 * this interface: the browser host uses the key-file implementation below;
 * Electron injects one backed by `safeStorage` (OS keychain/DPAPI).
 */
export interface SecretSealer {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random 32-byte key kept in a file readable only by the
 * user (mode 0o600), created on first use. Layout: version(1) | iv(12) | tag(16) | ciphertext.
 */
export class FileKeySealer implements SecretSealer {
  private key: Buffer | null = null;

  constructor(readonly keyFile: string) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    privateDir(path.dirname(this.keyFile));
    try {
      // 'wx': create only if missing, so two processes never overwrite each other's key.
      fs.writeFileSync(this.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (process.platform !== 'win32') fs.chmodSync(this.keyFile, 0o600);
    const key = fs.readFileSync(this.keyFile);
    if (key.length !== 32) throw new Error(`arquivo de chave corrompido: ${this.keyFile}`);
    this.key = key;
    return key;
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), data]);
  }

  open(sealed: Buffer): string {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('segredo selado em formato desconhecido');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** The shape of Electron's `safeStorage`, so core stays electron-free. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** For the Electron main process: `createSafeStorageSealer(safeStorage)`. */
export function createSafeStorageSealer(safeStorage: SafeStorageLike): SecretSealer {
  return {
    seal(plain) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('armazenamento seguro do sistema indisponível');
      return safeStorage.encryptString(plain);
    },
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** "••••••••abcd": the only way a stored key is ever shown back. */
export function maskSecret(plain: string): string {
  return '••••••••' + (plain.length > 8 ? plain.slice(-4) : '');
}
