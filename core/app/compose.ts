import type { TillStatus } from '../../shared/retaguarda/client';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { auditHandlers } from '../audit/handlers';
import { catalogHandlers } from '../catalog/handlers';
import { CatalogRepo } from '../catalog/repo';
import { loadSampleCatalogIfEmpty } from '../catalog/sample';
import { openDatabase, type Db } from '../db/open';
import { threadExchange } from '../net/exchange';
import { BackgroundQueue } from '../kernel/background';
import { createLoyalty, hubKeyFile, type Loyalty, type SecretSealer } from '../partners/hub';
import { FileKeySealer, type KeyProtector } from '../kernel/sealer';
import { loyaltyHandlers } from '../loyalty/handlers';
import { registerHubDeliveries } from '../partners/hub/outbox';
import { createCounter, type Counter } from '../loyalty/compose';
import { salesHandlers } from '../sales/handlers';
import { scaleHandlers, weigh } from '../scale/handlers';
import { ScaleService } from '../scale/service';
import { SalesService } from '../sales/service';
import { trackLastFinalized } from '../sales/last-finalized';
import type { FinalizeInput } from '../sales/pipeline';
import { printingHandlers } from '../printing/handlers';
import { PrintingService } from '../printing/service';
import { receiptAsPrinted } from '../retaguarda/receipt';
import { outboxHandlers } from '../outbox/handlers';
import { OutboxKinds } from '../outbox/kinds';
import { OutboxQuery } from '../outbox/query';
import { OutboxRepo } from '../outbox/repo';
import { OutboxWorker } from '../outbox/worker';
import { OperatorsRepo } from '../users/operators';
import { AuditRepo } from '../audit/repo';
import { CancellationService } from '../cancellation/service';
import { cancellationHandlers } from '../cancellation/handlers';
import { AccessControl } from '../users/access';
import { usersHandlers } from '../users/handlers';
import { UsersService } from '../users/service';
import { reportsHandlers } from '../reports/handlers';
import { exportsHandlers } from '../exports/handlers';
import { shiftsHandlers } from '../shifts/handlers';
import { salesQueryHandlers } from '../sales-query/handlers';
import { presalesHandlers } from '../presales/handlers';
import { PreSalesService } from '../presales/service';
import { priceCheck } from '../sales/price-check';
import { SalesQuery } from '../sales-query/query';
import { ShiftService } from '../shifts/service';
import { ExportService } from '../exports/service';
import { createPayments, type Payments, type PaymentsOptions } from '../payments';
import { paymentsHandlers } from '../payments/handlers';
import type { Config } from './config';
import { retaguardaHandlers } from '../retaguarda/handlers';
import { RetaguardaUploader } from '../retaguarda/uploader';
import { systemHandlers } from '../system/handlers';
import { RetaguardaSettings } from '../retaguarda/settings';
import { RetaguardaPull } from '../retaguarda/pull';
import { refuseServerOwned } from '../retaguarda/ownership';
import { combineHandlers, createDispatcher, type Dispatch } from './dispatch';
import { EventHub } from '../kernel/events';
import { checkout, declarePipelines, installPipelines, type ExtraSteps, type Pipelines } from './pipelines';
import { createFileLog } from './log';
import { sampleCatalogFile, sampleCustomersFile } from './paths';

export interface CoreOptions {
  config: Config;
  shell: 'electron' | 'browser' | 'test';
  now?: () => Date;
  newId?: () => string;
  sampleCatalogFile?: string;
  log?: (line: string) => void;
  /** Seals the partner keys (default: AES-256-GCM with the 0600 key file `<dataDir>/balcao-secrets.key`). */
  sealer?: SecretSealer;
  /** Electron: wraps that key file's key with the OS keychain (safeStorage), so a copied data folder opens nothing. */
  keyProtector?: KeyProtector;
  /** Electron: opens values sealed by an older build (safeStorage directly). */
  legacyOpen?: (sealed: Buffer) => string;
  /** Hub call timeout override (default: the partner's, 15 s). */
  hubTimeoutMs?: number;
  /** Loyalty at "Finalizar": ConsultarCampanha bound and the wait for the bonus (default 5 s each). */
  loyaltyTimeouts?: { campaignMs?: number; deliveryMs?: number };
  /** No sale without an open shift ("Abertura de caixa"). Default: on in the app, off for shell 'test'. */
  requireShift?: boolean;
  /** Payment API overrides (tests): call timeout, poll interval (never below 3 s), the watcher's wait. */
  payments?: Pick<PaymentsOptions, 'timeoutMs' | 'pollIntervalMs' | 'sleep'>;
  /** How often the Retaguarda upload looks for new records (default 5 s). */
  retaguardaIntervalMs?: number;
  /** Tests only: steps added after the declared ones in core/app/pipelines.ts (printed with them). */
  extraSteps?: (services: Core['services']) => ExtraSteps;
}

export interface Core {
  dispatch: Dispatch;
  events: EventHub;
  db: Db;
  /** What runs at each change, at "Finalizar" and at "Cancelar venda" (core/app/pipelines.ts). */
  pipelines: Pipelines;
  services: {
    catalog: CatalogRepo;
    sales: SalesService;
    operators: OperatorsRepo;
    printing: PrintingService;
    loyalty: Loyalty;
    counter: Counter;
    presales: PreSalesService;
    outbox: { repo: OutboxRepo; worker: OutboxWorker; query: OutboxQuery };
    users: UsersService;
    audit: AuditRepo;
    cancellation: CancellationService;
    shifts: ShiftService;
    salesQuery: SalesQuery;
    exports: ExportService;
    payments: Payments;
    scale: ScaleService;
    /** The store server's upload (scans nothing while the till works alone). */
    retaguarda: RetaguardaUploader;
    retaguardaPull: RetaguardaPull;
    retaguardaSettings: RetaguardaSettings;
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
  // What each channel registers (payload schema, delivery, ordering, label), shared by the worker and the screen's reads.
  const outboxKinds = new OutboxKinds(db);
  const outboxQuery = new OutboxQuery(db, outboxKinds);
  // The drain's main-thread work (answers taken up, written, next deliveries started): one job per turn of the loop.
  const background = new BackgroundQueue((err) => log(`[segundo plano] falha inesperada: ${err instanceof Error ? err.message : String(err)}`));
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
    worker: new OutboxWorker({ db, now, log, onChange: (s) => events.emit('outbox.changed', s), keepDays: () => outboxQuery.keepDays(), background, kinds: outboxKinds }),
    query: outboxQuery,
  };

  const catalog = new CatalogRepo(db);
  const operators = new OperatorsRepo(db);
  const audit = new AuditRepo(db, now);
  const users = new UsersService({ db, audit, now });
  users.provisionAdmin(opts.config.adminPin);
  // The store's scale (Configurações > "Balança"): label layout for scans, weights for KG products.
  const scale = new ScaleService({ db, defaultInterface: opts.config.scale ?? null, defaultBaud: opts.config.scaleBaud });
  const sales = new SalesService({
    db,
    catalog,
    now,
    newId,
    operator: () => operators.current(),
    series: '1',
    labelLayout: () => scale.layout(),
    // The discount limit follows the money (core/sales/discount-rule.ts); approvals bind to the line and percent.
    discountGate: {
      limitBasisPoints: () => users.settings().discountLimitPercent * 100,
      approve: (need) => {
        if (!users.provisioned()) return;
        const subject = { saleId: need.saleId, lineId: need.lineId, basisPoints: need.basisPoints };
        const { auth } = users.approvals.authorizeBound('sale.discountAboveLimit', subject, need.description);
        audit.append({
          operator: auth.operator,
          approver: auth.approver,
          action: need.scope === 'line' ? 'venda.descontoItem' : 'venda.descontoVenda',
          saleId: need.saleId,
          amountCents: need.discountCents,
          details: { lineId: need.lineId, percent: need.basisPoints / 100 },
        });
      },
    },
  });

  const printing = new PrintingService({
    db,
    sales,
    now,
    emit: events.emit,
    defaultInterface: opts.config.printer,
    storeName: opts.config.storeName,
    log,
    bonusPending: (saleId) => outbox.query.saleState(saleId, (channel) => outbox.worker.isOnline(channel)).bonusPending,
  });
  printing.start();

  // Back office: shift gate + link at finalize, payment-forms bitmask for Minhas vendas.
  const shifts = new ShiftService({
    db,
    now,
    operator: () => operators.current(),
    printing,
    storeName: opts.config.storeName,
    // The outbox's trigger-kept counts (no scan of the table).
    pendingSync: () => {
      const s = outbox.worker.summary();
      return s.pending + s.sending + s.retrying + s.attention;
    },
    log,
  });
  const salesQuery = new SalesQuery(db);
  const exports = new ExportService({ db, query: salesQuery, dir: path.join(opts.config.dataDir, 'exports'), emit: events.emit, now });

  // The hub's HTTP (the outbox drains hundreds of calls a second after an outage) on its own thread.
  const hubExchange = threadExchange(background);
  // One sealer for every partner secret (hub key, payment secret), its key file protected when the shell can.
  const sealer = opts.sealer ?? (opts.keyProtector ? new FileKeySealer(path.join(opts.config.dataDir, 'balcao-secrets.key'), opts.keyProtector, opts.legacyOpen) : undefined);
  const loyalty = createLoyalty({
    db,
    exchange: hubExchange,
    dataDir: opts.config.dataDir,
    hubUrl: opts.config.hubUrl,
    sealer,
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

  // Loyalty at the counter: customers, redemption, campaigns/bonus through the outbox, pre-sales.
  // "Finalizar" has one way in (both 'sales.finalize' and 'loyalty.counter.finalize'): see pipelines below.
  const finalizeSale = (input: FinalizeInput) => checkoutSale(input);
  const counter = createCounter({ db, loyalty, sales, outbox, printing, checkout: finalizeSale, now, timeouts: opts.loyaltyTimeouts, audit });
  if (opts.config.loadSampleCatalog) counter.loadSampleCustomers(sampleCustomersFile);
  // Pré-venda: parks the open sale with its loyalty state (the counter's per-sale record).
  const presales = new PreSalesService({ db, sales, states: counter.counter.states, now });

  const payments = createPayments({
    db,
    dataDir: opts.config.dataDir,
    sales,
    outbox,
    paymentUrl: opts.config.paymentUrl,
    sandboxCredentials: opts.config.paymentSandboxCredentials,
    sealer,
    now,
    newId,
    emit: events.emit,
    log,
    ...opts.payments,
  });

  // A closing difference above the tolerance needs a Gerente: the users' one-shot approval ("PIN do gerente"
  // overlay), recorded in the audit in the closing's own transaction.
  shifts.setApprover(
    (_pin, subject) => {
      const { auth: a } = users.approvals.authorizeBound('shift.closeDifference', subject, subject.summary);
      audit.append({ operator: a.operator, approver: a.approver, action: 'caixa.fecharComDiferenca', amountCents: subject.differenceCents, details: { shiftId: subject.shiftId } });
      return { name: (a.approver ?? a.operator).name };
    },
    { asksPin: false },
  );

  const cancellation = new CancellationService({ db, sales, users, audit, outbox, now });

  registerHubDeliveries(outbox.worker, loyalty.client, counter.prepare);
  // The store server (issue 23), when this till is paired: its records go through the same outbox.
  const retaguardaSettings: RetaguardaSettings = new RetaguardaSettings({
    db,
    // The same sealer as the partner secrets (loyalty falls back to the same key file without one).
    sealer: sealer ?? new FileKeySealer(hubKeyFile(opts.config.dataDir)),
    fromEnv: opts.config.retaguarda,
    onChange: () => retaguarda.paired(),
  });
  const retaguardaPull = new RetaguardaPull({
    db,
    credentials: () => retaguardaSettings.credentials(),
    now,
    log,
    usersChanged: () => users.invalidate(),
    status: (): TillStatus => ({ version: VERSION, backlog: retaguarda.backlog() }),
  });
  const retaguarda = new RetaguardaUploader({
    db,
    sales,
    outbox,
    credentials: () => retaguardaSettings.credentials(),
    log,
    intervalMs: opts.retaguardaIntervalMs,
    pull: retaguardaPull,
    receipt: (saleId) => receiptAsPrinted(db, printing, sales, saleId),
  });
  const services: Core['services'] = {
    catalog, sales, operators, printing, loyalty, outbox, counter, presales, users, audit, cancellation, shifts, salesQuery, exports, payments, scale, retaguarda, retaguardaPull, retaguardaSettings,
  };

  // Every step of a change, of "Finalizar" and of "Cancelar venda", in order, in one list (core/app/pipelines.ts).
  const lastFinalized = trackLastFinalized(sales, db);
  const requireShift = opts.requireShift ?? opts.shell !== 'test';
  const parts = { db, shifts, requireShift, counter, loyalty, payments, printing, lastFinalized, outbox };
  const pipelines = declarePipelines(parts, opts.extraSteps?.(services));
  installPipelines(pipelines, sales, cancellation);
  const checkoutSale = checkout(sales, pipelines.afterFinalize);

  retaguarda.start();
  outbox.worker.start();
  payments.start();

  const handlers = combineHandlers(
    systemHandlers({ version: VERSION, shell: opts.shell, dataDir: opts.config.dataDir, storeName: opts.config.storeName, operator: () => operators.current() }),
    catalogHandlers({ db, catalog, now, emit: events.emit, dataDir: opts.config.dataDir, priceCheck: (text) => priceCheck(sales, text) }),
    salesHandlers(sales, { db, enabledForms: () => payments.settings.enabledForms(), weigh: (p) => weigh(scale, p), lastFinalized, finalize: finalizeSale }),
    scaleHandlers(scale),
    printingHandlers(printing),
    loyaltyHandlers(loyalty),
    counter.handlers,
    presalesHandlers(presales),
    outboxHandlers({ worker: outbox.worker, query: outbox.query, operator: () => operators.current() }),
    usersHandlers(users),
    auditHandlers(audit),
    cancellationHandlers(cancellation, printing),
    paymentsHandlers(payments, db),
    retaguardaHandlers(retaguardaSettings),
    salesQueryHandlers(db, sales, salesQuery),
    reportsHandlers(db),
    shiftsHandlers(shifts, () => users.logout()),
    exportsHandlers(exports),
  );
  // A paired till refuses local edits of what the store server owns (catalog, users, store settings).
  refuseServerOwned(handlers, {
    paired: () => retaguardaSettings.paired(),
    current: {
      discountLimitPercent: () => users.settings().discountLimitPercent,
      toleranceCents: () => shifts.toleranceCents(),
      paymentForms: () => payments.settings.enabledForms(),
      printer: () => printing.settings(),
    },
  });
  const dispatch = createDispatcher(handlers, {
    access: new AccessControl({ db, users, audit, sales }),
    logError: (method, err) => log(`[erro] ${method}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });

  return {
    dispatch,
    events,
    db,
    pipelines,
    services,
    close: () => {
      retaguarda.stop();
      outbox.worker.stop();
      hubExchange.close();
      payments.stop();
      void scale.close();
      void printing.close();
      db.close();
      void fileLog?.close();
    },
  };
}
