import type { AuditRepo } from '../audit/repo';
import { ContactChangeRule } from '../customers/contact-change';
import { CustomersRepo, loadSampleCustomersIfEmpty } from '../customers/repo';
import type { HandlerGroup } from '../kernel/handlers';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import type { PrintingService } from '../printing/service';
import type { Sale } from '../../shared/api/sales';
import type { FinalizeInput } from '../sales/pipeline';
import type { SalesService } from '../sales/service';
import { LoyaltyCounter } from './counter';
import { counterHandlers } from './handlers';
import { LoyaltyFinalizer, loyaltyPrepare } from './finalize';
import type { Loyalty } from '../partners/hub';

export interface Counter {
  customers: CustomersRepo;
  counter: LoyaltyCounter;
  finalizer: LoyaltyFinalizer;
  handlers: HandlerGroup;
  /** For registerHubDeliveries: GerarBonus's CampanhaId from a queued ConsultarCampanha. */
  prepare: typeof loyaltyPrepare;
  loadSampleCustomers(file: string): number;
}

/** Wires loyalty at the counter (one call from core/app/compose.ts). Pre-sales carry its state but are wired in core/app. */
export function createCounter(o: {
  db: Db;
  loyalty: Loyalty;
  sales: SalesService;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  printing?: PrintingService;
  /** The one way into "Finalizar" (core/app/pipelines.ts). */
  checkout?: (input: FinalizeInput) => { sale: Sale; next: Sale };
  now: () => Date;
  timeouts?: { campaignMs?: number; deliveryMs?: number };
  audit: AuditRepo;
}): Counter {
  const customers = new CustomersRepo(o.db, o.now);
  const counter = new LoyaltyCounter({ db: o.db, loyalty: o.loyalty, sales: o.sales, customers, worker: o.outbox.worker, now: o.now });
  const finalizer = new LoyaltyFinalizer({
    db: o.db,
    loyalty: o.loyalty,
    sales: o.sales,
    counter,
    outbox: o.outbox,
    printing: o.printing,
    checkout: o.checkout,
    now: o.now,
    campaignTimeoutMs: o.timeouts?.campaignMs,
    deliveryWaitMs: o.timeouts?.deliveryMs,
  });
  return {
    customers,
    counter,
    finalizer,
    handlers: counterHandlers(counter, finalizer, new ContactChangeRule(customers, o.audit), () => o.sales.current().id),
    prepare: loyaltyPrepare,
    loadSampleCustomers: (file) => loadSampleCustomersIfEmpty(o.db, customers, file, o.now),
  };
}
