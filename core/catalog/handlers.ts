import type { HandlerGroup } from '../app/dispatch';
import { AppError } from '../app/errors';
import type { Emit } from '../app/events';
import type { Db } from '../db/open';
import { importCatalogCsv } from './import';
import type { CatalogRepo } from './repo';

const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export function catalogHandlers(deps: { db: Db; catalog: CatalogRepo; now: () => Date; emit: Emit }): HandlerGroup {
  return {
    'catalog.lookup': ({ code }) => deps.catalog.lookup(code),
    'catalog.search': ({ query, limit }) => deps.catalog.search(query, limit),
    'catalog.stats': () => deps.catalog.stats(),
    'catalog.import': ({ contentBase64 }) => {
      const bytes = Buffer.from(contentBase64, 'base64');
      if (bytes.length === 0) throw new AppError('import.empty', 'O arquivo está vazio.');
      if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('import.tooLarge', 'Arquivo maior que 200 MB.');
      return importCatalogCsv(deps.db, bytes, deps.now, (done, total) =>
        deps.emit('catalog.importProgress', { done, total }),
      );
    },
  };
}
