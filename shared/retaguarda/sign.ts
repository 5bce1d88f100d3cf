import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Till ↔ Retaguarda request signing (Node only: the till's core and the server, never the renderer).
 *
 *   key       = HMAC-SHA256(secret, "retaguarda-balcao/v1")          (the server stores only this)
 *   canonical = METHOD \n path?query \n timestamp(ms) \n nonce \n sha256hex(body)
 *   signature = base64url(HMAC-SHA256(key, canonical))
 *
 * Headers: x-balcao-caixa (till id), x-balcao-timestamp, x-balcao-nonce, x-balcao-assinatura.
 */
export const SIGN_HEADERS = {
  till: 'x-balcao-caixa',
  timestamp: 'x-balcao-timestamp',
  nonce: 'x-balcao-nonce',
  signature: 'x-balcao-assinatura',
} as const;

export function deriveSigningKey(secret: string): string {
  return createHmac('sha256', secret).update('retaguarda-balcao/v1').digest('base64url');
}

export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Uint8Array | string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

export function signature(signingKey: string, canonical: string): string {
  return createHmac('sha256', signingKey).update(canonical).digest('base64url');
}

/** The headers of one signed request (a fresh nonce and the current time each call). */
export function signRequest(
  creds: { tillId: string; secret: string },
  method: string,
  pathWithQuery: string,
  body: Uint8Array | string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('base64url');
  const sig = signature(deriveSigningKey(creds.secret), canonicalRequest(method, pathWithQuery, timestamp, nonce, body));
  return {
    [SIGN_HEADERS.till]: creds.tillId,
    [SIGN_HEADERS.timestamp]: timestamp,
    [SIGN_HEADERS.nonce]: nonce,
    [SIGN_HEADERS.signature]: sig,
  };
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
