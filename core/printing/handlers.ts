import type { HandlerGroup } from '../kernel/handlers';
import type { PrintingService } from './service';

export function printingHandlers(printing: PrintingService): HandlerGroup {
  return {
    'printing.getSettings': () => printing.settings(),
    'printing.saveSettings': (s) => printing.saveSettings(s),
    'printing.test': () => printing.printTest(),
    'printing.printSale': ({ saleId, kind }) => printing.printSale(saleId, kind),
    'printing.preview': ({ saleId, kind }) => printing.preview(saleId, kind),
    'printing.saleReceipts': ({ saleId }) => printing.receiptsOf(saleId),
    'printing.queue': () => printing.queue(),
    'printing.retry': ({ jobId }) => printing.retry(jobId),
  };
}

/**
 * Prints after the local commit: wraps the `sales.finalize` handler so the
 * receipt is queued only once the sale is committed, without waiting for the
 * printer (a printer problem never blocks nor undoes a sale).
 */
export function printAfterFinalize(group: HandlerGroup, printing: PrintingService): HandlerGroup {
  const finalize = group['sales.finalize'];
  if (!finalize) return group;
  return {
    ...group,
    'sales.finalize': async (input, ctx) => {
      const result = await finalize(input, ctx);
      printing.afterFinalize(result.sale);
      return result;
    },
  };
}
