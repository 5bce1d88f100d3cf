import { describe, expect, it } from 'vitest';
import { discountFromPercent, lineItemCount, lineTotals, saleTotals } from './totals';

describe('totals (hub contract rules)', () => {
  it('line: bruto = unit × qty (thousandths, rounded half-up once), líquido = bruto − desconto + acréscimo', () => {
    expect(lineTotals({ quantity: 3000, unitPriceCents: 999, discountCents: 100, surchargeCents: 5 })).toEqual({
      grossCents: 2997,
      netCents: 2902,
    });
    // 0,350 kg × R$ 39,90 = 13,965 → R$ 13,97
    expect(lineTotals({ quantity: 350, unitPriceCents: 3990, discountCents: 0, surchargeCents: 0, fractional: true })).toEqual({ grossCents: 1397, netCents: 1397 });
    // A price label's printed total when no whole gram reaches it.
    expect(lineTotals({ quantity: 1, unitPriceCents: 8990, discountCents: 0, surchargeCents: 0, fractional: true, fixedGrossCents: 5 }).grossCents).toBe(5);
    expect(lineItemCount({ quantity: 350, fractional: true })).toBe(1);
    expect(lineItemCount({ quantity: 3000, fractional: false })).toBe(3);
  });

  it('sale: discount total = item discounts + sale discount + redemption; net = what the customer pays', () => {
    const t = saleTotals({
      lines: [
        { quantity: 2000, unitPriceCents: 1000, discountCents: 200, surchargeCents: 0 },
        { quantity: 1000, unitPriceCents: 550, discountCents: 0, surchargeCents: 50 },
        { quantity: 1500, unitPriceCents: 999, discountCents: 0, surchargeCents: 0, fractional: true }, // 1,5 kg: 14,985 → 14,99
      ],
      saleDiscountCents: 300,
      redemptionCents: 500,
      payments: [
        { amountCents: 1000, changeCents: 0 },
        { amountCents: 600, changeCents: 400 },
      ],
    });
    expect(t.grossCents).toBe(2550 + 1499);
    expect(t.discountTotalCents).toBe(1000);
    expect(t.surchargeCents).toBe(50);
    expect(t.netCents).toBe(1600 + 1499);
    expect(t.itemCount).toBe(4); // 2 + 1 units + one weighed line
    expect(t.paidCents).toBe(1600);
    expect(t.remainingCents).toBe(1499);
    expect(t.changeCents).toBe(400);
  });

  it('rounds a percent discount once, half-up, in cents', () => {
    expect(discountFromPercent(1999, 1000)).toBe(200); // 199,9
    expect(discountFromPercent(1994, 1000)).toBe(199); // 199,4
    expect(discountFromPercent(1995, 1000)).toBe(200); // 199,5 → half-up
  });
});
