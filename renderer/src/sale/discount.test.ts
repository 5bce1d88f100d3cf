import { describe, expect, it } from 'vitest';
import { parseDiscount, parseQuantity } from './discount';

const value = (t: string) => {
  const r = parseDiscount(t);
  return r.ok ? r.value : null;
};

describe('parseDiscount', () => {
  it('reads reais the Brazilian way (one money reader)', () => {
    expect(value('5,00')).toEqual({ cents: 500 });
    expect(value('1,5')).toEqual({ cents: 150 });
    expect(value('R$ 2')).toEqual({ cents: 200 });
    expect(value('0')).toEqual({ cents: 0 });
    expect(value('1.000')).toEqual({ cents: 100_000 }); // was R$ 10,00 with the old guessing reader
    expect(value('1.000,50')).toEqual({ cents: 100_050 });
  });
  it('reads percentages as basis points', () => {
    expect(value('10%')).toEqual({ basisPoints: 1000 });
    expect(value('2,5 %')).toEqual({ basisPoints: 250 });
    expect(value('100%')).toEqual({ basisPoints: 10000 });
  });
  it('refuses what is not a discount, saying why', () => {
    expect(parseDiscount('101%')).toEqual({ ok: false, message: expect.stringMatching(/máximo é 100%/) });
    expect(parseDiscount('abc')).toEqual({ ok: false, message: expect.stringMatching(/Desconto inválido/) });
    expect(parseDiscount('-3')).toEqual({ ok: false, message: expect.stringMatching(/negativo/) });
    expect(parseDiscount('')).toEqual({ ok: false, message: expect.stringMatching(/em branco/) });
    expect(parseDiscount('1.25')).toEqual({ ok: false, message: expect.stringMatching(/ambíguo/) });
    expect(parseDiscount('2.5%')).toEqual({ ok: false, message: expect.stringMatching(/ambíguo/) });
  });
});

describe('parseQuantity', () => {
  it('accepts whole quantities from 1 to 99999', () => {
    expect(parseQuantity(' 3 ')).toBe(3);
    expect(parseQuantity('99999')).toBe(99999);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('1,5')).toBeNull();
    expect(parseQuantity('')).toBeNull();
  });
});
