import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/open';

/**
 * A stable UUID for a local record that has only an integer id (shift, movement, audit row): derived from a
 * random namespace kept in this database's settings, so it is fixed from the moment the row exists and the
 * same on every attempt, even if the till is paired again with another caixa id.
 */
export function localNamespace(db: Db): string {
  const row = db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'retaguarda.namespace'`).get();
  if (row) return row.value;
  const ns = randomUUID();
  db.prepare(`INSERT OR IGNORE INTO settings(key, value) VALUES ('retaguarda.namespace', ?)`).run(ns);
  return db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'retaguarda.namespace'`).get()!.value;
}

export function derivedUuid(ns: string, kind: string, ref: string | number): string {
  const h = createHash('sha256').update(`${ns}:${kind}:${ref}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5 (name-based)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

