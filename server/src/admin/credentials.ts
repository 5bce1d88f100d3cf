import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Till secret: 32 random bytes (base64url) shown once. The server keeps only the HMAC key derived from it
 * (one-way), and the till derives the same key from the secret it was given (shared/retaguarda/sign.ts).
 * HMAC is symmetric: whoever reads `tills.signing_key` can sign as that till, so the database is as
 * sensitive as any credential store; the secret itself is never kept.
 */
export function newTillSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** API key: "rtgk_<id>_<secret>". The id finds the row; only sha256(secret) is stored. */
export function newApiKey(): { id: string; key: string; secretHash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `rtgk_${id}_${secret}`, secretHash: sha256(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = /^rtgk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

