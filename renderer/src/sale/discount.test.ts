import { describe, expect, it } from 'vitest';
import { parseDiscount } from './discount';

describe('parseDiscount', () => {
  it('reads reais with decimal comma or dot', () => {
    expect(parseDiscount('5,00')).toEqual({ cents: 500 });
    expect(parseDiscount('1,5')).toEqual({ cents: 150 });
    expect(parseDiscount('R$ 2')).toEqual({ cents: 200 });
    expect(parseDiscount('0')).toEqual({ cents: 0 });
  });
  it('reads percentages as basis points', () => {
    expect(parseDiscount('10%')).toEqual({ basisPoints: 1000 });
    expect(parseDiscount('2,5 %')).toEqual({ basisPoints: 250 });
    expect(parseDiscount('100%')).toEqual({ basisPoints: 10000 });
  });
  it('refuses what is not a discount', () => {
    expect(parseDiscount('101%')).toBeNull();
    expect(parseDiscount('abc')).toBeNull();
    expect(parseDiscount('-3')).toBeNull();
    expect(parseDiscount('')).toBeNull();
  });
});
