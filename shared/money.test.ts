import { describe, expect, it } from 'vitest';
import { centsToDecimal, decimalToCents, formatBRL, parseMoney, percentOf } from './money';

describe('money', () => {
  it('formats cents as pt-BR reais', () => {
    expect(formatBRL(123456)).toBe('R$ 1.234,56');
    expect(formatBRL(5)).toBe('R$ 0,05');
    expect(formatBRL(0)).toBe('R$ 0,00');
    expect(formatBRL(-1990)).toBe('-R$ 19,90');
    expect(formatBRL(100_000_000)).toBe('R$ 1.000.000,00');
  });

  it('parses what a cashier or a CSV writes', () => {
    expect(parseMoney('12,90')).toBe(1290);
    expect(parseMoney('1.234,56')).toBe(123456);
    expect(parseMoney('R$ 7')).toBe(700);
    expect(parseMoney('12.90')).toBe(1290);
    expect(parseMoney('1.234.567')).toBe(123456700);
    expect(parseMoney('0,5')).toBe(50);
    expect(parseMoney('2,345')).toBe(235);
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('')).toBeNull();
    expect(parseMoney('1,2,3')).toBeNull();
  });

  it('converts at the JSON boundary without float noise', () => {
    expect(centsToDecimal(1250)).toBe(12.5);
    expect(centsToDecimal(1)).toBe(0.01);
    expect(decimalToCents(12.5)).toBe(1250);
    expect(decimalToCents(0.1 + 0.2)).toBe(30);
    expect(decimalToCents(1.005)).toBe(101);
    expect(() => centsToDecimal(1.5)).toThrow();
    expect(() => decimalToCents(Number.NaN)).toThrow();
  });

  it('computes percentages half-up in integers', () => {
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(999, 1000)).toBe(100); // 99,9 → 100
    expect(percentOf(994, 1000)).toBe(99); // 99,4 → 99
    expect(percentOf(12345, 333)).toBe(411); // 411,0885
  });
});
