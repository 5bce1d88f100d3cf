import type { Sale } from '../../shared/api/sales';
import type { OutboxRepo } from '../outbox/repo';
import { enqueueReversal } from './finalize';
import type { Loyalty } from '../partners/hub';

/**
 * Cancelling a finished sale that went to the hub queues EstornarVenda
 * (DocumentoNF, SerieNF, Cpf) in the cancellation's transaction. "Went to the
 * hub": it has hub outbox rows, or it has a customer CPF while the hub is on.
 * One EstornarVenda per sale: an automatic reversal already queued at
 * "Finalizar" is reused, never doubled (`enqueueReversal`). A step of the cancel pipeline (core/app/pipelines.ts).
 */
export function loyaltyReversalStep(loyalty: Loyalty, outbox: OutboxRepo): (sale: Sale) => void {
  return (sale) => {
    if (!sale.customerCpf || sale.documentNumber === null || !sale.series) return;
    const rows = outbox.forSale(sale.id);
    const wentToHub = rows.some((r) => r.channel === 'hub' && r.kind !== 'hub.EstornarVenda');
    if (!wentToHub && !loyalty.settings.status().hubEnabled) return;
    enqueueReversal(outbox, sale);
  };
}
