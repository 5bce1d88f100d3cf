import type { Sale } from '../../shared/api/sales';
import type { CancellationService, CancelStep } from '../cancellation/service';
import type { Db } from '../db/open';
import type { Counter } from '../loyalty/compose';
import { loyaltyReversalStep } from '../loyalty/reversal';
import type { Loyalty } from '../partners/hub/types';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import { pixRefundStep, type Payments } from '../payments';
import type { PrintingService } from '../printing/service';
import { paymentMaskStep } from '../sales-query/hooks';
import type { LastFinalizedTracker } from '../sales/last-finalized';
import { describeSteps, type AfterFinalizeStep, type ChangeStep, type FinalizeInput, type FinalizeStep } from '../sales/pipeline';
import type { SalesService } from '../sales/service';
import type { ShiftService } from '../shifts/service';

/**
 * What happens at each change of the open sale, at "Finalizar" and at "Cancelar venda": ordered lists of
 * named steps, each a function of its own capability. This file is the ONLY place a step is added (the
 * services refuse a second declaration); pipelines.test.ts prints the lists.
 */
export interface Pipelines {
  /** Before a change to the open sale commits, in its transaction. */
  change: readonly ChangeStep[];
  /** In the finalize transaction (the one fsync), after DocumentoNF/SerieNF are assigned. */
  finalize: readonly FinalizeStep[];
  /** After the finalize commit, off the reply's path. */
  afterFinalize: readonly AfterFinalizeStep[];
  /** In the cancellation's transaction (fsync'd). */
  cancel: readonly CancelStep[];
}

export interface PipelineParts {
  db: Db;
  shifts: ShiftService;
  requireShift: boolean;
  counter: Counter;
  loyalty: Loyalty;
  payments: Payments;
  printing: PrintingService;
  lastFinalized: LastFinalizedTracker;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
}

/** Steps a test adds after the declared ones (CoreOptions.extraSteps); printed with them. */
export type ExtraSteps = Partial<{ change: ChangeStep[]; finalize: FinalizeStep[]; cancel: CancelStep[] }>;

export function declarePipelines(p: PipelineParts, extra: ExtraSteps = {}): Pipelines {
  const shift = p.shifts.saleSteps({ requireShift: p.requireShift });
  const { counter, finalizer } = p.counter;
  const pix = p.payments.pix;
  return {
    change: [
      { name: 'shifts.requireOpenShift', run: shift.requireOpenShift },
      { name: 'loyalty.redecideRedemption', run: (kind, saleId) => counter.onSaleChange(kind, saleId) },
      { name: 'payments.cancelPixOfChangedSale', run: (kind, saleId) => pix.onSaleChange(kind, saleId) },
      { name: 'sales.forgetLastFinalized', run: p.lastFinalized.forget },
      ...(extra.change ?? []),
    ],
    finalize: [
      { name: 'shifts.linkSale', run: shift.linkSale },
      { name: 'salesQuery.paymentMask', run: paymentMaskStep(p.db) },
      { name: 'loyalty.enqueueHubOperations', run: (sale, input) => finalizer.enqueueForSale(sale, input) },
      { name: 'payments.cancelOpenPixCharges', run: (sale) => pix.cancelOpenCharges(sale) },
      { name: 'sales.rememberLastFinalized', run: p.lastFinalized.remember },
      ...(extra.finalize ?? []),
    ],
    afterFinalize: [{ name: 'printing.automaticReceipt', run: (sale) => p.printing.afterFinalize(sale) }],
    cancel: [
      { name: 'loyalty.enqueueReversal', run: loyaltyReversalStep(p.loyalty, p.outbox.repo) },
      { name: 'payments.refundPix', run: pixRefundStep(p.outbox, p.db) },
      ...(extra.cancel ?? []),
    ],
  };
}

/** Gives the services their steps (once: a second call, or any later registration, throws). */
export function installPipelines(pipelines: Pipelines, sales: SalesService, cancellation: CancellationService): void {
  sales.install({ change: pipelines.change, finalize: pipelines.finalize });
  cancellation.install(pipelines.cancel);
}

/**
 * The one way into "Finalizar" ('sales.finalize' and 'loyalty.counter.finalize'): the durable commit with
 * its steps, then the after-commit steps (they only queue work for after the reply).
 */
export function checkout(sales: SalesService, after: readonly AfterFinalizeStep[]): (input: FinalizeInput) => { sale: Sale; next: Sale } {
  return (input) => {
    const result = sales.finalize(input);
    for (const step of after) step.run(result.sale);
    return result;
  };
}

/** The pipelines as printed (tests, docs). */
export function printPipelines(p: Pipelines): string {
  const part = (title: string, steps: readonly { name: string }[]) => [title, ...describeSteps(steps).map((l) => `  ${l}`)];
  return [
    ...part('change (each change of the open sale, in its transaction):', p.change),
    ...part('finalize (in the one fsync\'d transaction, after the number is assigned):', p.finalize),
    ...part('after finalize (after the commit, off the reply):', p.afterFinalize),
    ...part('cancel (in the cancellation\'s fsync\'d transaction):', p.cancel),
  ].join('\n');
}
