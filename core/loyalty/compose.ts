import type { AuditRepo } from '../audit/repo';
import { ContactChangeRule } from '../customers/contact-change';
import { CustomersRepo, loadSampleCustomersIfEmpty } from '../customers/repo';
import type { HandlerGroup } from '../app/dispatch';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import { PreSalesService } from '../presales/service';
import type { PrintingService } from '../printing/service';
import type { Sale } from '../../shared/api/sales';
import type { FinalizeInput } from '../sales/pipeline';
import type { SalesService } from '../sales/service';
import { LoyaltyCounter } from './counter';
import { counterHandlers } from './counterHandlers';
import { LoyaltyFinalizer, loyaltyPrepare } from './finalize';
import type { Loyalty } from './index';

export interface Counter {
  customers: CustomersRepo;
  counter: LoyaltyCounter;
  finalizer: LoyaltyFinalizer;
  presales: PreSalesService;
  handlers: HandlerGroup;
  /** For registerHubDeliveries: GerarBonus's CampanhaId from a queued ConsultarCampanha. */
  prepare: typeof loyaltyPrepare;
  loadSampleCustomers(file: string): number;
}

/** Wires loyalty at the counter (one call from core/app/compose.ts). */
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
  const presales = new PreSalesService({ db: o.db, sales: o.sales, states: counter.states, now: o.now });
  return {
    customers,
    counter,
    finalizer,
    presales,
    handlers: counterHandlers(counter, finalizer, presales, new ContactChangeRule(customers, o.audit), () => o.sales.current().id),
    prepare: loyaltyPrepare,
    loadSampleCustomers: (file) => loadSampleCustomersIfEmpty(o.db, customers, file, o.now),
  };
}
