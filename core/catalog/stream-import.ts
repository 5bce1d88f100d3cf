/**
 * Streaming catalog import: the file is read in 1 MB chunks, decoded, parsed
 * by CatalogCsvStream and written in batches, each batch in its own
 * transaction, so a million rows never sit in memory and — when the caller
 * awaits between batches (the app does) — the screen gets progress and other
 * calls (a scan) are served between batches, never inside the import's
 * transaction. A failure midway keeps the batches already written (the report
 * of the failure says how many); the name-search index is rebuilt at the end.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { ImportReport } from '../../shared/api/catalog';
import { immediateTransaction } from '../db/durable';
import type { Db } from '../db/open';
import { CatalogCsvStream, type CatalogRow, type RowError } from './csv';
import { BULK_CACHE_KIB, BULK_THRESHOLD, emptyLoader, MAX_ERRORS_LISTED, rebuildSearchIndex, upserter, withoutForeignKeys, type ProgressFn } from './import';

const CHUNK = 1 << 20;
/** Page cache (KiB) of a first load, and of the EAN sort and the FTS rebuild after any bulk load. */
const SMALL_CACHE_KIB = 2 * 1024;
/**
 * Rows per transaction. Measured at 1M rows: 10k is ~1 s faster than 20k and ~20 MB lighter (a batch's rows
 * outlive fewer young-generation collections); 2k–5k no better.
 */
export const IMPORT_BATCH_ROWS = 10_000;
/** Bytes above which a re-import is "bulk" (FTS rebuilt once, not row by row): ~BULK_THRESHOLD rows. */
const BULK_BYTES = BULK_THRESHOLD * 60;

export type ChunkSource = () => Iterable<Uint8Array>;
/** A network stream (the Retaguarda's catalog snapshot): read once, so its encoding must be given. */
export type AsyncChunkSource = () => AsyncIterable<Uint8Array>;

export function* fileChunks(file: string, size = CHUNK): Generator<Uint8Array> {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, size, null);
      if (n === 0) return;
      yield buf.subarray(0, n); // consumed before the next read
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function* byteChunks(bytes: Uint8Array, size = CHUNK): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** UTF-8 when every byte of the source is valid UTF-8 (checked natively, chunk by chunk); else Windows-1252. */
export function detectEncoding(source: ChunkSource): 'utf-8' | 'windows-1252' {
  let carry: Buffer = Buffer.alloc(0);
  for (const chunk of source()) {
    const b = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Do not cut a multi-byte character in two: keep its start for the next chunk.
    let cut = b.length;
    for (let j = b.length - 1; j >= Math.max(0, b.length - 3); j--) {
      const c = b[j];
      if (c >= 0xc0) {
        const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (b.length - j < need) cut = j;
        break;
      }
      if (c < 0x80) break;
    }
    if (!isUtf8(b.subarray(0, cut))) return 'windows-1252';
    carry = Buffer.from(b.subarray(cut));
  }
  return carry.length === 0 || isUtf8(carry) ? 'utf-8' : 'windows-1252';
}

export interface StreamImportOptions {
  now: () => Date;
  /** Total bytes of the source (for the progress estimate). */
  totalBytes: number;
  onProgress?: ProgressFn;
  /** Awaited between batches (the app passes setImmediate): progress reaches the screen, other calls run. */
  pause?: () => Promise<void>;
  batchRows?: number;
  /** Known encoding (required for an AsyncChunkSource, which cannot be read twice). */
  encoding?: 'utf-8' | 'windows-1252';
  /** Told the file's encoding and separator once they are known. */
  onFormat?: (f: { encoding: 'utf-8' | 'windows-1252'; delimiter: string }) => void;
}

/** CSV chunks → parsed → batches in SQLite → FTS rebuilt → report (errors by line). */
export async function importCatalogStream(db: Db, source: ChunkSource | AsyncChunkSource, opts: StreamImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const encoding = opts.encoding ?? detectEncoding(source as ChunkSource);
  const csv = new CatalogCsvStream(encoding);
  const decodeUtf8 = new TextDecoder('utf-8');
  const decode = (chunk: Uint8Array, last: boolean): string =>
    encoding === 'utf-8' ? decodeUtf8.decode(chunk, { stream: !last }) : iconv.decode(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), 'win1252');

  const existing = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  const bulk = existing === 0 || opts.totalBytes > BULK_BYTES;
  const stamp = opts.now().toISOString();
  const loader = existing === 0 ? emptyLoader(db, stamp) : null;
  const up = existing === 0 ? null : upserter(db, stamp, bulk);
  const batchRows = opts.batchRows ?? IMPORT_BATCH_ROWS;
  const onProgress = opts.onProgress ?? (() => {});

  let rows: CatalogRow[] = [];
  const errorsListed: RowError[] = [];
  let errorCount = 0;
  let pendingErrors: RowError[] = [];
  let written = 0;
  let bytesRead = 0;
  const estimate = () => (bytesRead > 0 ? Math.max(written, Math.round(((written + errorCount) * opts.totalBytes) / bytesRead)) : 0);

  const takeErrors = () => {
    errorCount += pendingErrors.length;
    for (const e of pendingErrors) if (errorsListed.length < MAX_ERRORS_LISTED) errorsListed.push(e);
    pendingErrors = [];
  };
  const writeBatch = () => {
    if (!rows.length) return;
    const batch = rows;
    rows = [];
    const run = () => immediateTransaction(db, () => (loader ? loader.write(batch) : up!.write(batch)));
    if (loader) withoutForeignKeys(db, run);
    else run();
    written += batch.length;
  };

  const oldCache = db.pragma('cache_size', { simple: true }) as number;
  const oldTempCache = db.pragma('temp.cache_size', { simple: true }) as number;
  // A first load only appends (products in code order, EANs to a staging table): a big cache buys nothing
  // there and cost ~25 MB of peak RSS (measured at 1M); the staging table gets a small one too. Upserts
  // look rows up all over the table: those get the big one.
  if (loader) {
    db.pragma(`cache_size = -${SMALL_CACHE_KIB}`);
    db.pragma(`temp.cache_size = -${SMALL_CACHE_KIB}`);
  } else if (bulk) db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  // No checkpoint after every batch (each one copies pages and fsyncs twice): one at the end.
  const oldAutoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  try {
    onProgress(0, 0);
    let prev: Uint8Array | null = null;
    const feed = (chunk: Uint8Array | null, last: boolean) => {
      const text = chunk ? decode(chunk, last) : last && encoding === 'utf-8' ? decodeUtf8.decode() : '';
      csv.push(text, last, rows, pendingErrors);
      takeErrors();
    };
    for await (const chunk of source()) {
      // One chunk behind, so the last one is pushed with last = true.
      if (prev) feed(prev, false);
      bytesRead += chunk.length;
      prev = Buffer.from(chunk); // the file reader reuses its buffer
      if (rows.length >= batchRows) {
        writeBatch();
        onProgress(written, estimate());
        if (opts.pause) await opts.pause();
      }
    }
    feed(prev, true);
    opts.onFormat?.({ encoding, delimiter: csv.delimiter });
    if (csv.fatal) return report([csv.fatal], [], 1, 0, 0, 1, started);
    writeBatch();
    const total = written + errorCount;
    onProgress(Math.floor(total * 0.8), total);
    if (opts.pause) await opts.pause();
    // The batches are in: the big cache has done its job; the EAN sort and the FTS rebuild get a small one (peak RSS).
    if (bulk) db.pragma(`cache_size = -${SMALL_CACHE_KIB}`);
    if (loader) withoutForeignKeys(db, () => immediateTransaction(db, () => loader.finish()));
    onProgress(Math.floor(total * 0.9), total);
    if (opts.pause) await opts.pause();
    if (bulk && (loader || up!.namesChanged)) immediateTransaction(db, () => rebuildSearchIndex(db));
    onProgress(total, total);
    // EAN moves are warnings (the line WAS imported; an EAN left another product), counted apart from errors.
    const warnings = [...(up ? up.result.eanConflicts : [])].sort((a, b) => a.line - b.line);
    const errors = [...errorsListed].sort((a, b) => a.line - b.line);
    return report(errors, warnings, total, loader ? written : up!.result.inserted, up ? up.result.updated : 0, errorCount, started);
  } finally {
    db.pragma(`cache_size = ${oldCache}`);
    db.pragma(`temp.cache_size = ${oldTempCache}`);
    db.pragma(`wal_autocheckpoint = ${oldAutoCheckpoint}`);
    // Here, not inside the next scan's commit: move the import's pages into the database file now.
    db.pragma('wal_checkpoint(PASSIVE)');
  }
}

function report(errors: RowError[], warnings: RowError[], total: number, inserted: number, updated: number, errorCount: number, started: number): ImportReport {
  return {
    total,
    inserted,
    updated,
    errors: errors.slice(0, MAX_ERRORS_LISTED),
    errorCount,
    warnings: warnings.slice(0, MAX_ERRORS_LISTED),
    warningCount: warnings.length,
    millis: Math.round(performance.now() - started),
  };
}
