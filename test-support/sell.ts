import type { Sale } from '../shared/api/sales';
import type { Core } from '../core/app/compose';

/** Test helpers: real sales through the real SalesService (no mocks). */

/** 2 × arroz + 1 × açúcar, 10% off the feijão line, R$ 5,00 sale discount, paid R$ 100 cash (change). */
export function sellCash(core: Core): Sale {
  const s = core.services.sales;
  s.scan('2*7891234567895');
  const feijao = s.scan('7896005800010').lines.at(-1)!;
  s.setLineDiscount(feijao.id, { basisPoints: 1000 });
  s.scan('96385074');
  s.setSaleDiscount({ cents: 500 });
  s.addPayment(1, 100_00);
  return s.finalize().sale;
}

/** One café paid by PIX with its end-to-end id. */
export function sellPix(core: Core, e2e = 'E12345678202611231200abcDEF12345'): Sale {
  const s = core.services.sales;
  const sale = s.scan('7891910000197');
  s.addPayment(17, sale.totals.netCents, e2e);
  return s.finalize().sale;
}

/** A long description that has to wrap, paid half card, half cash. */
export function sellMixed(core: Core): Sale {
  const s = core.services.sales;
  const sale = s.scan('3*7891000100103');
  s.addPayment(3, 1000);
  s.addPayment(1, sale.totals.netCents - 1000);
  return s.finalize().sale;
}
