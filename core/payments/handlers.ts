import type { HandlerGroup } from '../app/dispatch';
import type { Payments } from './index';

export function paymentsHandlers(p: Payments): HandlerGroup {
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
  };
}
