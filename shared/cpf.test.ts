import { describe, expect, it } from 'vitest';
import { formatCnpj, formatCpf, isValidCnpj, isValidCpf, maskCpf } from './cpf';

describe('CPF and CNPJ', () => {
  it('validates CPF check digits', () => {
    expect(isValidCpf('123.456.789-09')).toBe(true);
    expect(isValidCpf('12345678909')).toBe(true);
    expect(isValidCpf('12345678900')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
    expect(isValidCpf('1234567890')).toBe(false);
  });

  it('formats and masks CPF', () => {
    expect(formatCpf('12345678909')).toBe('123.456.789-09');
    expect(maskCpf('12345678909')).toBe('***.456.789-**');
  });

  it('validates CNPJ check digits', () => {
    expect(isValidCnpj('54517628001593')).toBe(true); // the hub document's example
    expect(isValidCnpj('54517628001594')).toBe(false);
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11222333000182')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
  });
});
