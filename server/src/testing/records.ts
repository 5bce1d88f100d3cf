/** Till records made up for tests and the bench (a sale of 3 lines, 1–2 payments, like the load). */
import { randomUUID } from 'node:crypto';
import type { CancellationRecord, SaleRecord, ShiftRecord } from '../../../shared/retaguarda/records';

export function makeSale(tillId: string, n: number, opts: { at?: Date; id?: string; pix?: boolean } = {}): SaleRecord {
  const at = opts.at ?? new Date(Date.UTC(2026, 11, 7, 12, 0, 0) + n * 1000);
  const lines = [1, 2, 3].map((k) => {
    const unit = 100 * k + (n % 7);
    const quantity = k;
    return {
      order: k,
      productCode: k,
      ean: ['7891234567895', '7890000123457', '7890076666667'][k - 1],
      description: `Produto ${k}`,
      unit: 'UN',
      quantity,
      unitPriceCents: unit,
      grossCents: unit * quantity,
      discountCents: 0,
      surchargeCents: 0,
      netCents: unit * quantity,
    };
  });
  const total = lines.reduce((s, l) => s + l.netCents, 0);
  const split = n % 2 === 1;
  const payments = split
    ? [
        { formCode: 1, amountCents: 100, receivedCents: 100, changeCents: 0, reference: null, pixStatus: null, pixEndToEnd: null, card: null },
        opts.pix
          ? { formCode: 17, amountCents: total - 100, receivedCents: total - 100, changeCents: 0, reference: 'pix-order', pixStatus: 'APROVADO', pixEndToEnd: `E${n}`, card: null }
          : {
              formCode: 3,
              amountCents: total - 100,
              receivedCents: total - 100,
              changeCents: 0,
              reference: null,
              pixStatus: null,
              pixEndToEnd: null,
              // A credit card tender as a cashier types it from the slip.
              card: { brand: 'Visa', installments: 3, nsu: `${100_000 + n}`, authorization: `A${n}` },
            },
      ]
    : [{ formCode: 1, amountCents: total, receivedCents: total, changeCents: 0, reference: null, pixStatus: null, pixEndToEnd: null, card: null }];
  return {
    kind: 'sale',
    id: opts.id ?? randomUUID(),
    tillId,
    number: n,
    series: '1',
    openedAt: new Date(at.getTime() - 60_000).toISOString(),
    finalizedAt: at.toISOString(),
    operatorName: 'Ana',
    shiftId: null,
    customerCpf: null,
    totals: { grossCents: total, itemDiscountCents: 0, saleDiscountCents: 0, redemptionCents: 0, surchargeCents: 0, netCents: total },
    lines,
    payments,
    loyalty: null,
  };
}

export function makeCancellation(tillId: string, saleId: string, at = new Date()): CancellationRecord {
  return { kind: 'cancellation', id: randomUUID(), tillId, saleId, cancelledAt: at.toISOString(), reason: 'Cliente desistiu', cancelledBy: 'Gerente', approvedBy: null };
}

export function makeShift(tillId: string, closed: boolean, id: string = randomUUID()): ShiftRecord {
  return {
    kind: 'shift',
    id,
    tillId,
    openedAt: '2026-12-07T08:00:00.000Z',
    openedBy: 'Ana',
    openingFloatCents: 10_000,
    closedAt: closed ? '2026-12-07T18:00:00.000Z' : null,
    closedBy: closed ? 'Ana' : null,
    closing: closed ? [{ formCode: 1, expectedCents: 15_000, countedCents: 15_000, differenceCents: 0 }] : null,
    movements: [],
  };
}
