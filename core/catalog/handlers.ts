import fs from 'node:fs';
import type { HandlerGroup } from '../kernel/handlers';
import { AppError } from '../kernel/errors';
import type { Emit } from '../kernel/events';
import { uploadFile } from '../kernel/uploads';
import type { PriceCheck } from '../../shared/api/catalog';
import type { Db } from '../db/open';
import type { CatalogRepo } from './repo';
import { byteChunks, fileChunks, importCatalogStream, type ChunkSource } from './stream-import';

const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** catalog.*. `priceCheck`: what a scan would add to the sale ("Consulta de preço"), resolved by the sale's scan rules (core/sales/price-check.ts). */
export function catalogHandlers(deps: {
  db: Db;
  catalog: CatalogRepo;
  now: () => Date;
  emit: Emit;
  dataDir: string;
  priceCheck: (text: string) => PriceCheck;
}): HandlerGroup {
  let busy = false;
  /** One import at a time; between batches the event loop runs (progress events, scans). */
  const run = async (source: ChunkSource, totalBytes: number) => {
    if (totalBytes === 0) throw new AppError('import.empty', 'O arquivo está vazio.');
    if (totalBytes > MAX_IMPORT_BYTES) throw new AppError('import.tooLarge', 'Arquivo maior que 200 MB.');
    if (busy) throw new AppError('import.busy', 'Já há uma importação em andamento. Aguarde ela terminar.');
    busy = true;
    try {
      return await importCatalogStream(deps.db, source, {
        now: deps.now,
        totalBytes,
        onProgress: (done, total) => deps.emit('catalog.importProgress', { done, total }),
        pause: () => new Promise((r) => setImmediate(r)),
      });
    } finally {
      busy = false;
    }
  };
  return {
    'catalog.lookup': ({ code }) => deps.catalog.lookup(code),
    'catalog.search': ({ query, limit }) => deps.catalog.search(query, limit),
    'catalog.stats': () => deps.catalog.stats(),
    'catalog.priceCheck': ({ text }) => deps.priceCheck(text),
    'catalog.import': ({ contentBase64 }) => {
      const bytes = Buffer.from(contentBase64, 'base64');
      return run(() => byteChunks(bytes), bytes.length);
    },
    'catalog.importUpload': async ({ uploadId }) => {
      const file = uploadFile(deps.dataDir, uploadId);
      if (!file) throw new AppError('import.uploadNotFound', 'Arquivo enviado não encontrado: escolha o arquivo e importe de novo.');
      try {
        return await run(() => fileChunks(file), fs.statSync(file).size);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  };
}
