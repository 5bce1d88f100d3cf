import type { RetaguardaClient } from '../../shared/retaguarda/client';
import type { SnapshotPage } from '../../shared/retaguarda/records';
import { importCatalogStream } from '../catalog/stream-import';
import type { Db } from '../db/open';

/** Bytes a product line takes, roughly (the import's progress estimate and its bulk decision). */
const BYTES_PER_PRODUCT = 60;

export interface SnapshotTaken {
  /** Pull changes after this cursor (everything up to it is in the snapshot). */
  cursor: number;
  products: number;
  users: SnapshotPage['users'];
  settings: SnapshotPage['settings'];
}

/**
 * A new (or newly paired) till's catalog in one stream, not row by row: the server's CSV (the till's own import
 * format, gzip on the wire) goes straight into the streaming catalog import — 10k-row transactions with the
 * event loop free between them, the search index rebuilt once — while it downloads. The users and settings come
 * in a small JSON page; the caller applies them with the cursor in one transaction. Both cursors were read before
 * their data, so pulling changes after the smaller one re-applies whatever changed meanwhile (upserts: harmless).
 * A failure midway keeps the batches written and leaves the cursor alone: the next pull takes the snapshot again.
 */
export async function takeSnapshot(db: Db, api: RetaguardaClient, now: () => Date): Promise<SnapshotTaken> {
  const meta = await api.snapshot(null, 0);
  const csv = await api.snapshotCsv();
  const report = await importCatalogStream(db, () => csv.body as unknown as AsyncIterable<Uint8Array>, {
    now,
    encoding: 'utf-8',
    totalBytes: Math.max(1, csv.products * BYTES_PER_PRODUCT),
    pause: () => new Promise((r) => setImmediate(r)),
  });
  if (report.errorCount > 0) {
    const first = report.errors[0];
    throw new Error(`Catálogo da retaguarda com ${report.errorCount} linha(s) recusada(s)${first ? ` (linha ${first.line}: ${first.message})` : ''}.`);
  }
  return { cursor: Math.min(meta.cursor, csv.cursor), products: report.inserted + report.updated, users: meta.users, settings: meta.settings };
}
