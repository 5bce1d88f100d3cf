import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { catalogHandlers } from '../catalog/handlers';
import { CatalogRepo } from '../catalog/repo';
import { loadSampleCatalogIfEmpty } from '../catalog/sample';
import { openDatabase, type Db } from '../db/open';
import { createLoyalty, type Loyalty, type SecretSealer } from '../loyalty';
import { loyaltyHandlers } from '../loyalty/handlers';
import { registerHubDeliveries } from '../loyalty/outbox';
import { salesHandlers } from '../sales/handlers';
import { SalesService } from '../sales/service';
import { printAfterFinalize, printingHandlers } from '../printing/handlers';
import { PrintingService } from '../printing/service';
import { hubOnline, outboxHandlers } from '../outbox/handlers';
import { OutboxQuery } from '../outbox/query';
import { OutboxRepo } from '../outbox/repo';
import { OutboxWorker } from '../outbox/worker';
import { OperatorsRepo } from '../users/operators';
import type { Config } from './config';
import { combineHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from './events';
import { createFileLog } from './log';
import { sampleCatalogFile } from './paths';

export interface CoreOptions {
  config: Config;
  shell: 'electron' | 'browser' | 'test';
  now?: () => Date;
  newId?: () => string;
  sampleCatalogFile?: string;
  log?: (line: string) => void;
  /** Seals the hub's integration key; Electron injects a safeStorage one (default: 0600 key file in dataDir). */
  sealer?: SecretSealer;
  /** Hub call timeout override (default: the partner's, 15 s). */
  hubTimeoutMs?: number;
}

export interface Core {
  dispatch: Dispatch;
  events: EventHub;
  db: Db;
  services: {
    catalog: CatalogRepo;
    sales: SalesService;
    operators: OperatorsRepo;
    printing: PrintingService;
    loyalty: Loyalty;
    outbox: { repo: OutboxRepo; worker: OutboxWorker; query: OutboxQuery };
  };
  close(): void;
}

export const VERSION = '0.1.0';

/** The composition root: builds every service from config. No globals. */
export function createCore(opts: CoreOptions): Core {
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;
  const fileLog = opts.log ? null : createFileLog(opts.config.dataDir, now);
  const log = opts.log ?? fileLog!.log;
  const db = openDatabase(path.join(opts.config.dataDir, 'balcao.db'));
  const events = new EventHub();

  // The one outbox for every partner operation (hub, payment API); capabilities register their deliveries.
  const outboxQuery = new OutboxQuery(db);
  let kickQueued = false;
  // After the enqueuing transaction commits (next turn), deliver: even a caller that forgot worker.kick().
  const kickSoon = () => {
    if (kickQueued) return;
    kickQueued = true;
    setImmediate(() => {
      kickQueued = false;
      outbox.worker.kick();
    });
  };
  const outbox = {
    repo: new OutboxRepo(db, now, undefined, kickSoon),
    worker: new OutboxWorker({ db, now, log, onChange: (s) => events.emit('outbox.changed', s), keepDays: () => outboxQuery.keepDays() }),
    query: outboxQuery,
  };

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

  const printing = new PrintingService({
    db,
    sales,
    now,
    emit: events.emit,
    defaultInterface: opts.config.printer,
    storeName: opts.config.storeName,
    log,
    bonusPending: (saleId) => outbox.query.saleState(saleId, hubOnline(outbox.worker)).bonusPending,
  });
  printing.start();

  const loyalty = createLoyalty({
    db,
    dataDir: opts.config.dataDir,
    hubUrl: opts.config.hubUrl,
    sealer: opts.sealer,
    log,
    now,
    timeoutMs: opts.hubTimeoutMs,
    onReachable: () => outbox.worker.notifyOnline('hub'),
    onUnreachable: (m) => outbox.worker.notifyOffline('hub', m),
  });

  if (opts.config.loadSampleCatalog) {
    const n = loadSampleCatalogIfEmpty(db, opts.sampleCatalogFile ?? sampleCatalogFile, now);
    if (n > 0) log(`catálogo de exemplo carregado: ${n} produtos`);
  }

  registerHubDeliveries(outbox.worker, loyalty.client);
  outbox.worker.start();

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
    printAfterFinalize(salesHandlers(sales), printing),
    printingHandlers(printing),
    loyaltyHandlers(loyalty),
    outboxHandlers({ worker: outbox.worker, query: outbox.query, operator: () => operators.current() }),
  );
  const dispatch = createDispatcher(handlers, {
    logError: (method, err) => log(`[erro] ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });

  return {
    dispatch,
    events,
    db,
    services: { catalog, sales, operators, printing, loyalty, outbox },
    close: () => {
      outbox.worker.stop();
      void printing.close();
      db.close();
      void fileLog?.close();
    },
  };
}
