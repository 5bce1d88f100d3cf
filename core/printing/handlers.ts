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

