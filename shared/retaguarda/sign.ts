/**
 * Till ↔ Retaguarda request signing, on Web Crypto (`globalThis.crypto`, in Node and browsers alike: shared/
 * imports no node: built-ins). Used by the till's core, the server and the bench.
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

const enc = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}

async function hmac(keyText: string, data: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(keyText), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(data)));
}

export async function deriveSigningKey(secret: string): Promise<string> {
  return base64url(await hmac(secret, 'retaguarda-balcao/v1'));
}

export async function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === 'string' ? enc.encode(body) : new Uint8Array(body); // an ArrayBuffer-backed copy
  const bodyHash = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

export async function signature(signingKey: string, canonical: string): Promise<string> {
  return base64url(await hmac(signingKey, canonical));
}

/** A fresh random secret or nonce: `bytes` random bytes, base64url. */
export function randomToken(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The headers of one signed request (a fresh nonce and the current time each call). */
export async function signRequest(
  creds: { tillId: string; secret: string },
  method: string,
  pathWithQuery: string,
  body: Uint8Array | string,
  now = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(now);
  const nonce = randomToken(16);
  const sig = await signature(await deriveSigningKey(creds.secret), await canonicalRequest(method, pathWithQuery, timestamp, nonce, body));
  return {
    [SIGN_HEADERS.till]: creds.tillId,
    [SIGN_HEADERS.timestamp]: timestamp,
    [SIGN_HEADERS.nonce]: nonce,
    [SIGN_HEADERS.signature]: sig,
  };
}

/** Constant-time comparison of two signatures (the time does not tell how many characters matched). */
export function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
