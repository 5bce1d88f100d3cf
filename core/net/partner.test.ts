import { describe, expect, it } from 'vitest';
import { bodyTooLarge, boundedMoney, hasAtMostTwoDecimals, isIsoDate } from './partner';

describe('partner answer bounds (shared by the hub and payment clients)', () => {
  it('money: finite, 0 ≤ v ≤ R$ 100.000.000, at most 2 decimals — refused, never rounded', () => {
    const m = boundedMoney();
    for (const ok of [0, 0.01, 0.29, 1.1, 99.99, 100_000_000]) expect(m.safeParse(ok).success, String(ok)).toBe(true);
    for (const bad of [-0.01, 1e21, 2 ** 53, 100_000_000.01, 1.005, 0.125, 0.1 + 0.2, Number.NaN, Infinity, '1.00']) {
      expect(m.safeParse(bad).success, String(bad)).toBe(false);
    }
    expect(hasAtMostTwoDecimals(12.34)).toBe(true);
    expect(hasAtMostTwoDecimals(12.345)).toBe(false);
  });

  it('dates: ISO-8601 that exist', () => {
    for (const ok of ['2026-11-23', '2026-11-23T12:00:00Z', '2026-11-23T12:00:00.123-03:00', '2024-02-29T00:00']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['', 'abc', '2026-02-30', '2026-13-01', '23/11/2026', '2026-11-23T24:00:00Z', '2026-11-23T12:00:00+03:00junk']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('body size: 1 MB', () => {
    expect(bodyTooLarge('x'.repeat(1024 * 1024))).toBe(false);
    expect(bodyTooLarge('x'.repeat(1024 * 1024 + 1))).toBe(true);
    expect(bodyTooLarge('é'.repeat(600 * 1024))).toBe(true);
  });
});
