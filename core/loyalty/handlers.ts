import type { HandlerGroup } from '../app/dispatch';
import type { Loyalty } from './index';

/** The typed API methods of "Hub Fidelidade (Novo)". */
export function loyaltyHandlers(loyalty: Loyalty): HandlerGroup {
  return {
    'loyalty.settings.get': (input) => loyalty.settings.view(input.partnerId),
    'loyalty.settings.save': (input) => loyalty.settings.save(input),
    'loyalty.testConnection': (input) => loyalty.testConnection(input.settings),
    'loyalty.status': () => loyalty.settings.status(),
  };
}
