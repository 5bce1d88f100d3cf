import { describe, expect, it } from 'vitest';
import { saleNumber } from './sale-number';

describe('saleNumber: one presentation of a sale number', () => {
  it('"nº 2" for the default series, the series named otherwise, "sem número" before finalizing', () => {
    expect(saleNumber({ series: '1', documentNumber: 2 })).toBe('nº 2');
    expect(saleNumber({ series: null, documentNumber: 12 })).toBe('nº 12');
    expect(saleNumber({ series: '3', documentNumber: 2 })).toBe('nº 2 (série 3)');
    expect(saleNumber({ series: '1', documentNumber: null })).toBe('sem número');
  });
});
