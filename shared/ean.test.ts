import { describe, expect, it } from 'vitest';
import { isValidEan, withCheckDigit } from './ean';

describe('EAN', () => {
  it('accepts valid EAN-13 and EAN-8', () => {
    expect(isValidEan('7891234567895')).toBe(true);
    expect(isValidEan('4006381333931')).toBe(true);
    expect(isValidEan('96385074')).toBe(true);
  });
  it('rejects wrong check digits, lengths and non-digits', () => {
    expect(isValidEan('7891234567894')).toBe(false);
    expect(isValidEan('96385075')).toBe(false);
    expect(isValidEan('789123456789')).toBe(false);
    expect(isValidEan('78912345678a5')).toBe(false);
  });
  it('completes a body with its check digit', () => {
    expect(withCheckDigit('789123456789')).toBe('7891234567895');
    expect(withCheckDigit('9638507')).toBe('96385074');
  });
});

describe('GTIN check digit (issue 7: a wrong digit is not "Produto não encontrado")', () => {
  it('tells a wrong check digit apart', async () => {
    const { hasWrongCheckDigit, isValidGtin } = await import('./ean');
    expect(isValidGtin('7891234567895')).toBe(true);
    expect(hasWrongCheckDigit('7891234567895')).toBe(false);
    expect(hasWrongCheckDigit('7891234567894')).toBe(true);
    expect(hasWrongCheckDigit('96385074')).toBe(false);
    expect(hasWrongCheckDigit('96385075')).toBe(true);
    expect(hasWrongCheckDigit('12345')).toBe(false); // an internal code, not a GTIN
  });
});
