import { describe, expect, it } from 'vitest';
import { hubFailure, maskCpfInput, maskPhoneInput, OUT_OF_STANDARD_TEXT } from './counterStore';

describe('counter helpers', () => {
  it('CPF mask while typing', () => {
    expect(maskCpfInput('529')).toBe('529');
    expect(maskCpfInput('5299822')).toBe('529.982.2');
    expect(maskCpfInput('52998224725')).toBe('529.982.247-25');
    expect(maskCpfInput('529.982.247-2599')).toBe('529.982.247-25');
  });
  it('mobile mask while typing', () => {
    expect(maskPhoneInput('11')).toBe('(11');
    expect(maskPhoneInput('11987654321')).toBe('(11) 98765-4321');
    expect(maskPhoneInput('1133334444')).toBe('(11) 3333-4444');
  });
  it('hub failures in the words the screen shows', () => {
    expect(hubFailure({ code: 'hub.communication', message: 'Tempo esgotado', details: { guid: 'G' } })).toEqual({ kind: 'communication', message: 'Tempo esgotado', guid: 'G' });
    expect(hubFailure({ code: 'hub.outOfStandard', message: 'x', details: { guid: 'G' } }).message).toBe(`${OUT_OF_STANDARD_TEXT}.`);
    expect(hubFailure({ code: 'customer.cpfInvalid', message: 'CPF inválido' }).kind).toBe('other');
  });
});
