import type { HandlerGroup } from '../kernel/handlers';
import type { Db } from '../db/open';
import { readCardRules, saveCardRules } from '../sales/card-rules';
import type { Payments } from './index';

/** payments.*: PIX charges, "Pagamentos" settings and the card rules a card tender is checked against (core/sales/card-rules.ts). */
export function paymentsHandlers(p: Payments, db: Db): HandlerGroup {
  return {
    'payments.pixStart': ({ formCode, amountCents }) => p.pix.startCharge(formCode, amountCents),
    'payments.pixCurrent': () => p.pix.current(),
    'payments.pixCancel': ({ attemptId }) => p.pix.cancel(attemptId),
    'payments.pixForSale': ({ saleId }) => p.pix.forSale(saleId),
    'payments.forms': () => p.settings.forms(),
    'payments.settings.get': () => p.settings.view(),
    'payments.settings.save': (input) => {
      const v = p.settings.save(input);
      p.client.reset();
      return v;
    },
    'payments.testConnection': () => p.testConnection(),
    'payments.cardRules': () => readCardRules(db),
    'payments.saveCardRules': (rules) => saveCardRules(db, rules),
  };
}
