import type { CancelHooks } from '../cancellation/service';
import type { OutboxRepo } from '../outbox/repo';
import { buildEstornarVenda } from './builders';
import type { Loyalty } from './index';
import { enqueueHub } from './outbox';

/**
 * Cancelling a finished sale that went to the hub queues EstornarVenda
 * (DocumentoNF, SerieNF, Cpf) in the cancellation's transaction. "Went to the
 * hub": it has hub outbox rows, or it has a customer CPF while the hub is on.
 * (The loyalty helper may land its own `enqueueReversal`: keep one of the two.)
 */
export function loyaltyReversalHook(loyalty: Loyalty, outbox: OutboxRepo): CancelHooks {
  return {
    beforeCancelCommit(sale) {
      if (!sale.customerCpf || sale.documentNumber === null || !sale.series) return;
      const rows = outbox.forSale(sale.id);
      const wentToHub = rows.some((r) => r.channel === 'hub' && r.kind !== 'hub.EstornarVenda');
      if (!wentToHub && !loyalty.settings.status().hubEnabled) return;
      const input = { cpf: sale.customerCpf, documentNumber: sale.documentNumber, series: sale.series };
      enqueueHub(outbox, { route: 'EstornarVenda', saleId: sale.id, build: (guid) => buildEstornarVenda(guid, input) });
    },
  };
}
