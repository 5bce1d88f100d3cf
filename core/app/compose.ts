import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { catalogHandlers } from '../catalog/handlers';
import { CatalogRepo } from '../catalog/repo';
import { loadSampleCatalogIfEmpty } from '../catalog/sample';
import { openDatabase, type Db } from '../db/open';
import { salesHandlers } from '../sales/handlers';
import { SalesService } from '../sales/service';
import { OperatorsRepo } from '../users/operators';
import type { Config } from './config';
import { combineHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from './events';
import { sampleCatalogFile } from './paths';

export interface CoreOptions {
  config: Config;
  shell: 'electron' | 'browser' | 'test';
  now?: () => Date;
  newId?: () => string;
  sampleCatalogFile?: string;
  log?: (line: string) => void;
}

export interface Core {
  dispatch: Dispatch;
  events: EventHub;
  db: Db;
  services: { catalog: CatalogRepo; sales: SalesService; operators: OperatorsRepo };
  close(): void;
}

export const VERSION = '0.1.0';

/** The composition root: builds every service from config. No globals. */
export function createCore(opts: CoreOptions): Core {
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;
  const log = opts.log ?? ((line: string) => console.error(line));
  const db = openDatabase(path.join(opts.config.dataDir, 'balcao.db'));
  const events = new EventHub();

  const catalog = new CatalogRepo(db);
  const operators = new OperatorsRepo(db);
  const sales = new SalesService({
    db,
    catalog,
    now,
    newId,
    operator: () => operators.current(),
    series: '1',
  });

  if (opts.config.loadSampleCatalog) {
    const n = loadSampleCatalogIfEmpty(db, opts.sampleCatalogFile ?? sampleCatalogFile, now);
    if (n > 0) log(`catálogo de exemplo carregado: ${n} produtos`);
  }

  const handlers = combineHandlers(
    {
      'system.info': () => ({
        version: VERSION,
        shell: opts.shell,
        dataDir: opts.config.dataDir,
        storeName: opts.config.storeName,
        operator: operators.current(),
      }),
    },
    catalogHandlers({ db, catalog, now, emit: events.emit }),
    salesHandlers(sales),
  );
  const dispatch = createDispatcher(handlers, {
    logError: (method, err) => log(`[erro] ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });

  return {
    dispatch,
    events,
    db,
    services: { catalog, sales, operators },
    close: () => db.close(),
  };
}
