import { z } from 'zod';
import { SESSION, SETTINGS } from './access';
import { Empty, method } from './define';

/** Which card details the store requires on a card tender (Configurações > "Pagamentos"). Parcelas default to 1. */
export const CardRules = z.object({
  brand: z.boolean(),
  nsu: z.boolean(),
  authorization: z.boolean(),
});
export type CardRules = z.infer<typeof CardRules>;

export const cardsApi = {
  'payments.cardRules': method(Empty, CardRules, SESSION),
  'payments.saveCardRules': method(CardRules.strict(), CardRules, SETTINGS),
};
