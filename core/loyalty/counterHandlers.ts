import type { HandlerGroup } from '../app/dispatch';
import type { PreSalesService } from '../presales/service';
import type { LoyaltyCounter } from './counter';
import type { LoyaltyFinalizer } from './finalize';

/** The API methods of loyalty at the counter and of pre-sales (shared/api/counter.ts). */
export function counterHandlers(counter: LoyaltyCounter, finalizer: LoyaltyFinalizer, presales: PreSalesService): HandlerGroup {
  return {
    'loyalty.counter.state': () => counter.state(),
    'loyalty.counter.identify': ({ cpf }) => counter.identify(cpf),
    'loyalty.counter.register': ({ customer }) => counter.register(customer),
    'loyalty.counter.balance': () => counter.balance(),
    'loyalty.counter.retry': ({ guid }) => counter.retry(guid),
    'loyalty.counter.removeCustomer': () => counter.removeCustomer(),
    'loyalty.counter.sendPin': () => counter.sendPin(),
    'loyalty.counter.validatePin': ({ pin }) => counter.validatePin(pin),
    'loyalty.counter.redeem': ({ amountCents }) => counter.redeem(amountCents),
    'loyalty.counter.skipRedemption': () => counter.skipRedemption(),
    'loyalty.counter.campaigns': () => finalizer.campaigns(),
    'loyalty.counter.finalize': (choice) => finalizer.finalize(choice),
    'loyalty.counter.outcome': ({ saleId }) => finalizer.outcome(saleId),
    'loyalty.counter.retryReversal': ({ saleId }) => finalizer.retryReversal(saleId),
    'loyalty.counter.printReceipt': ({ saleId }) => finalizer.printReceipt(saleId),
    'presales.save': () => presales.save(),
    'presales.list': () => presales.list(),
    'presales.recover': ({ number }) => presales.recover(number),
  };
}
