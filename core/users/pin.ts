import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters: N=2^14, r=8, p=1 (≈16 MiB, tens of ms): slow for guessing, quick enough at the counter. */
const PARAMS: ScryptOptions = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LEN = 32;

export const PIN_RULE = /^\d{4,8}$/;

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_LEN, PARAMS, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A new hash with its own random salt (both base64). The PIN itself is never kept. */
export async function hashPin(pin: string): Promise<{ hash: string; salt: string }> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt);
  return { hash: key.toString('base64'), salt: salt.toString('base64') };
}

/** Constant-time comparison of a typed PIN with a stored hash. */
export async function verifyPin(pin: string, hash: string, salt: string): Promise<boolean> {
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(pin, Buffer.from(salt, 'base64'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The same hash, synchronously (start-up provisioning from BALCAO_ADMIN_PIN). */
export function hashPinSync(pin: string): { hash: string; salt: string } {
  const salt = randomBytes(16);
  return { hash: scryptSync(pin, salt, KEY_LEN, PARAMS).toString('base64'), salt: salt.toString('base64') };
}
