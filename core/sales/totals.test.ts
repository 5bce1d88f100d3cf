import { describe, expect, it } from 'vitest';
import { discountFromPercent, lineTotals, saleTotals } from './totals';

describe('totals (hub contract rules)', () => {
  it('line: bruto = unit × qty, líquido = bruto − desconto + acréscimo', () => {
    expect(lineTotals({ quantity: 3, unitPriceCents: 999, discountCents: 100, surchargeCents: 5 })).toEqual({
      grossCents: 2997,
      netCents: 2902,
    });
  });

  it('sale: discount total = item discounts + sale discount + redemption; net = what the customer pays', () => {
    const t = saleTotals({
      lines: [
        { quantity: 2, unitPriceCents: 1000, discountCents: 200, surchargeCents: 0 },
        { quantity: 1, unitPriceCents: 550, discountCents: 0, surchargeCents: 50 },
      ],
      saleDiscountCents: 300,
      redemptionCents: 500,
      payments: [
        { amountCents: 1000, changeCents: 0 },
        { amountCents: 600, changeCents: 400 },
      ],
    });
    expect(t.grossCents).toBe(2550);
    expect(t.discountTotalCents).toBe(1000);
    expect(t.surchargeCents).toBe(50);
    expect(t.netCents).toBe(1600);
    expect(t.itemCount).toBe(3);
    expect(t.paidCents).toBe(1600);
    expect(t.remainingCents).toBe(0);
    expect(t.changeCents).toBe(400);
  });

  it('rounds a percent discount once, half-up, in cents', () => {
    expect(discountFromPercent(1999, 1000)).toBe(200); // 199,9
    expect(discountFromPercent(1994, 1000)).toBe(199); // 199,4
    expect(discountFromPercent(1995, 1000)).toBe(200); // 199,5 → half-up
  });
});
