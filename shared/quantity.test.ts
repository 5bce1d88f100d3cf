import { describe, expect, it } from 'vitest';
import { formatQuantity, isWholeQuantity, lineTotalCents, parseQuantity, thousandthsToDecimal } from './quantity';

const ok = (text: string) => {
  const r = parseQuantity(text);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.thousandths;
};
const refused = (text: string) => {
  const r = parseQuantity(text);
  if (r.ok) throw new Error(`${text} was accepted as ${r.thousandths}`);
  return r.message;
};

describe('parseQuantity', () => {
  it('reads pt-BR quantities as integer thousandths', () => {
    expect(ok('0,350')).toBe(350);
    expect(ok('1,5')).toBe(1500);
    expect(ok('1.000,250')).toBe(1_000_250);
    expect(ok('3')).toBe(3000);
    expect(ok(' 12 ')).toBe(12_000);
    expect(ok(',5')).toBe(500);
    expect(ok('0,001')).toBe(1);
  });

  it('takes a dot followed by one or two digits as the decimal point', () => {
    expect(ok('1.5')).toBe(1500);
    expect(ok('0.35')).toBe(350);
    expect(ok('1.000.000')).toBe(1_000_000_000);
  });

  it('refuses more than three decimals, ambiguous dots, zero, negatives and garbage', () => {
    expect(refused('0,3505')).toMatch(/3 casas decimais/);
    expect(refused('1.500')).toMatch(/ambígua/);
    expect(refused('0,000')).toMatch(/maior que zero/);
    expect(refused('-1')).toMatch(/maior que zero/);
    expect(refused('')).toMatch(/Informe/);
    expect(refused('1,2,3')).toMatch(/inválida/);
    expect(refused('10.00,5')).toMatch(/inválida/);
    expect(refused('abc')).toMatch(/inválida/);
    expect(refused('1,')).toMatch(/inválida/);
    expect(refused('99999999999999999')).toMatch(/inválida/);
  });
});

describe('1.000 without a comma', () => {
  it('is ambiguous like any lone dot followed by three digits', () => {
    expect(parseQuantity('1.000')).toEqual({ ok: false, message: expect.stringMatching(/ambígua/) });
  });
});

describe('lineTotalCents', () => {
  it('multiplies and rounds half-up to the cent once', () => {
    expect(lineTotalCents(350, 3990)).toBe(1397); // 13,965 → 13,97
    expect(lineTotalCents(1000, 3990)).toBe(3990);
    expect(lineTotalCents(3000, 1999)).toBe(5997);
    expect(lineTotalCents(1, 499)).toBe(0); // 0,499 cent → 0
    expect(lineTotalCents(1, 500)).toBe(1); // 0,5 cent → 1
    expect(lineTotalCents(125, 4)).toBe(1); // 0,5 → 1
    expect(lineTotalCents(0, 3990)).toBe(0);
  });

  it('stays exact beyond 2^53 with BigInt', () => {
    // 9.000.000 kg × R$ 9.999.999,99: the product leaves the safe range.
    expect(lineTotalCents(9_000_000_000, 999_999_999)).toBe(8_999_999_991_000_000);
    expect(() => lineTotalCents(1.5, 100)).toThrow(TypeError);
  });
});

describe('formatting', () => {
  it('prints three decimals for fractional units and none for whole ones', () => {
    expect(formatQuantity(350, true)).toBe('0,350');
    expect(formatQuantity(1_000_250, true)).toBe('1.000,250');
    expect(formatQuantity(3000, false)).toBe('3');
    expect(formatQuantity(2000, true)).toBe('2,000');
    expect(thousandthsToDecimal(350)).toBe(0.35);
    expect(isWholeQuantity(3000)).toBe(true);
    expect(isWholeQuantity(350)).toBe(false);
  });
});
