import { describe, expect, it } from 'vitest';
import type { Sale, SaleLine } from './api/sales';
import { SaleDecoder, SaleEncoder } from './wire';

const line = (id: number, quantity = 1): SaleLine => ({
  id, order: id, productCode: id, ean: '', description: `Item ${id}`, unit: 'UN', quantity, fractional: false,
  unitPriceCents: 100, grossCents: 100 * quantity, discountCents: 0, surchargeCents: 0, netCents: 100 * quantity,
});
const sale = (id: string, lines: SaleLine[]): Sale => ({
  id, status: 'aberta', documentNumber: null, series: null, openedAt: 'x', finalizedAt: null, cancelledAt: null,
  operator: { id: 1, name: 'Caixa' }, customerCpf: null, lines, payments: [],
  totals: { grossCents: 0, itemDiscountCents: 0, saleDiscountCents: 0, redemptionCents: 0, discountTotalCents: 0,
    surchargeCents: 0, netCents: 0, itemCount: lines.length, paidCents: 0, remainingCents: 0, changeCents: 0 },
});
// What crosses the socket is JSON: the decoder never sees the encoder's objects.
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('sale patches over the socket', () => {
  it('sends unchanged lines as ids and rebuilds the same sale', () => {
    const enc = new SaleEncoder();
    const dec = new SaleDecoder();
    const a = line(1), b = line(2);
    const s1 = sale('s', [a]);
    expect(dec.decode(wire(enc.encode(1, { ok: true, value: s1 })))).toEqual({ ok: true, value: s1 });
    const s2 = sale('s', [a, b]);
    const m2 = wire(enc.encode(2, { ok: true, value: s2 }));
    expect('patch' in m2 && m2.patch.lines).toEqual([1, b]);
    expect(dec.decode(m2)).toEqual({ ok: true, value: s2 });
    const b2 = line(2, 5); // quantity changed: a new object, sent whole
    const s3 = sale('s', [a, b2]);
    const m3 = wire(enc.encode(3, { ok: true, value: s3 }));
    expect('patch' in m3 && m3.patch.lines).toEqual([1, b2]);
    expect(dec.decode(m3)).toEqual({ ok: true, value: s3 });
    const s4 = sale('s', [b2]); // a removed line simply is not listed
    expect(dec.decode(wire(enc.encode(4, { ok: true, value: s4 })))).toEqual({ ok: true, value: s4 });
  });

  it('sends whole sales for another sale, errors and other values pass through', () => {
    const enc = new SaleEncoder();
    const dec = new SaleDecoder();
    const a = line(1);
    dec.decode(wire(enc.encode(1, { ok: true, value: sale('s', [a]) })));
    const other = sale('t', [a]);
    const m = wire(enc.encode(2, { ok: true, value: other }));
    expect('result' in m).toBe(true);
    expect(dec.decode(m)).toEqual({ ok: true, value: other });
    const err = { ok: false as const, error: { code: 'x', message: 'y' } };
    expect(dec.decode(wire(enc.encode(3, err)))).toEqual(err);
    expect(dec.decode(wire(enc.encode(4, { ok: true, value: [1, 2] })))).toEqual({ ok: true, value: [1, 2] });
  });

  it('a patch the mirror cannot rebuild is an error value, never a wrong cart', () => {
    const dec = new SaleDecoder();
    const r = dec.decode({ reply: 1, patch: { ...sale('s', []), lines: [7] } });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'host.badResponse' }) });
  });
});
