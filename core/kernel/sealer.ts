import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { privateDir } from './private-files';

/**
 * Seals secrets at rest (the hub's integration key, the payment API's secret
 * key). Core code depends only on this interface: one AES-256-GCM key in
 * `<dataDir>/balcao-secrets.key`; in Electron that key is itself protected by
 * the OS keychain (`safeStorage`: Keychain, DPAPI, libsecret) through a
 * KeyProtector the shell passes in, so a copied data folder does not open the
 * sealed keys. In the browser host the key file is plain (0600).
 */
export interface SecretSealer {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Wraps the sealing key with a secret the data folder does not hold (Electron: the OS keychain through
 * `safeStorage`). Core never imports Electron: the shell builds one with `safeStorageKeyProtector`.
 */
export interface KeyProtector {
  protect(key: Buffer): Buffer;
  unprotect(blob: Buffer): Buffer;
}

/** A protected key file starts with this line; a plain one is the 32 key bytes alone. */
const PROTECTED = Buffer.from('BALCAO-KEY-PROTEGIDA-1\n');

/**
 * AES-256-GCM with a random 32-byte key kept in a file readable only by the
 * user (mode 0o600), created on first use — wrapped by `protector` when one is
 * given (a plain key file found then is wrapped in place). Layout of a sealed
 * value: version(1) | iv(12) | tag(16) | ciphertext. `legacy` opens values
 * sealed by an older build another way (Electron: safeStorage directly).
 */
export class FileKeySealer implements SecretSealer {
  private key: Buffer | null = null;

  constructor(
    readonly keyFile: string,
    private readonly protector?: KeyProtector,
    private readonly legacy?: (sealed: Buffer) => string,
  ) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    privateDir(path.dirname(this.keyFile));
    try {
      // 'wx': create only if missing, so two processes never overwrite each other's key.
      const fresh = randomBytes(32);
      fs.writeFileSync(this.keyFile, this.protector ? Buffer.concat([PROTECTED, this.protector.protect(fresh)]) : fresh, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (process.platform !== 'win32') fs.chmodSync(this.keyFile, 0o600);
    const stored = fs.readFileSync(this.keyFile);
    let key: Buffer;
    if (stored.subarray(0, PROTECTED.length).equals(PROTECTED)) {
      if (!this.protector) throw new Error('a chave dos segredos deste Balcão está protegida pelo cofre do sistema (app desktop): abra-o pelo app, ou informe as chaves de novo');
      key = this.protector.unprotect(stored.subarray(PROTECTED.length));
    } else {
      key = stored;
      if (key.length === 32 && this.protector) this.wrapInPlace(key);
    }
    if (key.length !== 32) throw new Error(`arquivo de chave corrompido: ${this.keyFile}`);
    this.key = key;
    return key;
  }

  /** A plain key file met with a protector: rewritten wrapped (new file, then rename: never half-written). */
  private wrapInPlace(key: Buffer): void {
    const tmp = `${this.keyFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([PROTECTED, this.protector!.protect(key)]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, this.keyFile);
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), data]);
  }

  open(sealed: Buffer): string {
    try {
      return this.openOwn(sealed);
    } catch (err) {
      if (this.legacy) return this.legacy(sealed);
      throw err;
    }
  }

  private openOwn(sealed: Buffer): string {
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

/** For the Electron main process: the sealing key wrapped by the OS keychain (`safeStorageKeyProtector(safeStorage)`). */
export function safeStorageKeyProtector(safeStorage: SafeStorageLike): KeyProtector {
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('armazenamento seguro do sistema indisponível');
  };
  return {
    protect: (key) => (available(), safeStorage.encryptString(key.toString('base64'))),
    unprotect: (blob) => (available(), Buffer.from(safeStorage.decryptString(blob), 'base64')),
  };
}

/** Values sealed directly by safeStorage (Electron builds before issue 20): opened as a fallback. */
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
