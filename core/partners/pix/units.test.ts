import { describe, expect, it } from 'vitest';
import { boundedCents } from './bounded';
import { parseApiDate } from './dates';
import { orderItems } from './items';

const line = (description: string, quantity: number, unitPriceCents: number, discountCents = 0) => ({
  id: 1, order: 1, productCode: 1, ean: '7891234567895', description, unit: 'UN', quantity: quantity * 1000, fractional: false, unitPriceCents,
  grossCents: quantity * unitPriceCents, discountCents, surchargeCents: 0, netCents: quantity * unitPriceCents - discountCents,
});

describe('payment answers are bounded', () => {
  it('accepts finite, non-negative, ≤ 2 decimals, under the ceiling; refuses the rest', () => {
    expect(boundedCents(12.34, 'x')).toBe(1234);
    expect(boundedCents('12.30', 'x')).toBe(1230);
    expect(boundedCents(0, 'x')).toBe(0);
    for (const bad of [-1, 1.234, Infinity, NaN, 1e308, '12,30', null, {}, '1e3']) expect(() => boundedCents(bad, 'x')).toThrow(/Resposta inválida/);
  });
});

describe('dates from the API', () => {
  it('reads RFC 1123, ISO with and without zone, microseconds; null for junk', () => {
    expect(parseApiDate('Mon, 02 Mar 2026 12:00:05 GMT')?.toISOString()).toBe('2026-03-02T12:00:05.000Z');
    expect(parseApiDate('2026-03-02T12:00:05')?.toISOString()).toBe('2026-03-02T12:00:05.000Z');
    expect(parseApiDate('2026-03-02 09:00:05.123456-03:00')?.toISOString()).toBe('2026-03-02T12:00:05.123Z');
    expect(parseApiDate('2026-03-02T12:00:05Z')?.toISOString()).toBe('2026-03-02T12:00:05.000Z');
    for (const bad of ['', 'ontem', '2026-13-45T99:99', 12e20, null, undefined, {}, '0001-01-01T00:00:00']) expect(parseApiDate(bad)).toBeNull();
  });
});

describe('order items', () => {
  const sum = (items: ReturnType<typeof orderItems>) => items.reduce((s, i) => s + i.quantity * i.unitCents, 0);
  it('add up exactly to the amount, spreading a sale discount or a partial PIX to the cent', () => {
    const sale = { lines: [line('Feijão', 3, 849), line('Arroz', 1, 2990, 10), line('Leite', 7, 333)] };
    for (const amount of [2547 + 2980 + 2331 - 101, 1, 999, 7858, 3333]) expect(sum(orderItems(sale, amount))).toBe(amount);
    const full = orderItems(sale, 2547 + 2980 + 2331);
    expect(full[0]).toMatchObject({ title: 'Feijão', quantity: 3, unitCents: 849 });
  });
});
