import { describe, expect, it } from 'vitest';
import { readMoney, readPercent } from './money-input';

const cents = (t: string) => {
  const r = readMoney(t);
  return r.ok ? r.cents : `erro: ${r.message}`;
};
const refused = (t: string) => {
  const r = readMoney(t);
  expect(r.ok, `"${t}" deveria ser recusado`).toBe(false);
  return r.ok ? '' : r.message;
};

describe('readMoney: money typed the Brazilian way', () => {
  it('reads the thousands dot as thousands (issue 21: "1.000" was R$ 1,00)', () => {
    expect(cents('1.000')).toBe(100_000);
    expect(cents('2.500')).toBe(250_000);
    expect(cents('1.250')).toBe(125_000);
    expect(cents('1.000,50')).toBe(100_050);
    expect(cents('1.000,00')).toBe(100_000);
    expect(cents('1.234.567,89')).toBe(123_456_789);
  });

  it('reads the decimal comma, R$ and spaces', () => {
    expect(cents('12,90')).toBe(1290);
    expect(cents('12,9')).toBe(1290);
    expect(cents(',50')).toBe(50);
    expect(cents('7')).toBe(700);
    expect(cents('0')).toBe(0);
    expect(cents('200')).toBe(20_000);
    expect(cents('R$ 1.234,56')).toBe(123_456);
    expect(cents('r$7,00')).toBe(700);
    expect(cents('  1 000,00 ')).toBe(100_000);
    expect(cents('R$\u00a010,00')).toBe(1000);
  });

  it('refuses what is ambiguous with a pt-BR message, never guesses', () => {
    expect(refused('1.25')).toMatch(/ambíguo/);
    expect(refused('12.5')).toMatch(/ambíguo/);
    expect(refused('1,2,3')).toMatch(/mais de uma vírgula/);
    expect(refused('1,234')).toMatch(/mais de 2 casas decimais/);
    expect(refused('2,345')).toMatch(/mais de 2 casas decimais/);
    expect(refused('1.00.0')).toMatch(/ambíguo/);
    expect(refused('1.0000')).toMatch(/ambíguo/);
    expect(refused('0,00200')).toMatch(/casas decimais/); // the old prefilled "0,00" + "200"
    expect(refused('1,00.5')).toMatch(/ponto depois da vírgula/);
  });

  it('refuses blanks, letters and negatives', () => {
    expect(refused('')).toMatch(/Informe um valor/);
    expect(refused('   ')).toMatch(/Informe um valor/);
    expect(refused('R$')).toMatch(/Informe um valor/);
    expect(refused('abc')).toMatch(/inválido/);
    expect(refused('-5,00')).toMatch(/negativo/);
    expect(refused('.')).toMatch(/inválido|ambíguo/);
    expect(refused(',')).toMatch(/inválido/);
    expect(refused('99999999999999999999,00')).toMatch(/alto demais/);
  });

  it('reads percentages with the same grammar', () => {
    expect(readPercent('10')).toEqual({ ok: true, basisPoints: 1000 });
    expect(readPercent('2,5%')).toEqual({ ok: true, basisPoints: 250 });
    expect(readPercent('100%')).toEqual({ ok: true, basisPoints: 10_000 });
    expect(readPercent('2.5%').ok).toBe(false);
    expect(readPercent('150%').ok).toBe(false);
  });
});
