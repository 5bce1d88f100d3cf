import type { HandlerGroup } from '../app/dispatch';
import type { CancellationService } from './service';

export function cancellationHandlers(c: CancellationService): HandlerGroup {
  return {
    'cancellation.cancel': ({ saleId, reason, approval, waitMs }) => c.cancel(saleId, reason, approval, waitMs),
    'cancellation.get': ({ saleId, waitMs }) => c.get(saleId, waitMs),
    'cancellation.retryReversal': ({ saleId, waitMs }) => c.retryReversal(saleId, waitMs),
  };
}
