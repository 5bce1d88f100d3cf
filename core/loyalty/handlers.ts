import type { ContactChangeRule } from '../customers/contact-change';
import type { HandlerGroup } from '../kernel/handlers';
import type { Loyalty } from '../partners/hub';
import type { LoyaltyCounter } from './counter';
import type { LoyaltyFinalizer } from './finalize';

/** The typed API methods of "Hub Fidelidade (Novo)". */
export function loyaltyHandlers(loyalty: Loyalty): HandlerGroup {
  return {
    'loyalty.settings.get': (input) => loyalty.settings.view(input.partnerId),
    'loyalty.settings.save': (input) => loyalty.settings.save(input),
    'loyalty.testConnection': (input) => loyalty.testConnection(input.settings),
    'loyalty.status': () => loyalty.settings.status(),
  };
}

/** loyalty.counter.*: loyalty at the counter (shared/api/loyalty.ts). */
export function counterHandlers(
  counter: LoyaltyCounter,
  finalizer: LoyaltyFinalizer,
  contacts: ContactChangeRule,
  openSaleId: () => string,
): HandlerGroup {
  return {
    'loyalty.counter.state': () => counter.state(),
    'loyalty.counter.identify': ({ cpf }) => {
      contacts.noteIdentified(openSaleId(), cpf);
      return counter.identify(cpf);
    },
    'loyalty.counter.register': async ({ customer }, ctx) => {
      const audited = contacts.check(openSaleId(), customer, ctx.auth);
      const result = await counter.register(customer);
      audited();
      return result;
    },
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
  };
}
