import { describe, expect, it } from 'vitest';
import { addDays, formatDate, maskDate, readDate, readOptionalDate } from './date-input';

describe('readDate: dd/mm/aaaa, the one reader of typed dates', () => {
  it.each([
    ['05/03/2026', '2026-03-05'],
    ['5/3/2026', '2026-03-05'],
    [' 05-03-2026 ', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['05032026', '2026-03-05'],
    ['29/02/2028', '2028-02-29'],
    ['31/12/2026', '2026-12-31'],
  ])('%s → %s', (text, iso) => {
    expect(readDate(text)).toEqual({ ok: true, iso });
  });

  it('never reads mm/dd/yyyy: "03/25/2026" (month 25) is refused, not guessed as 25 March', () => {
    const r = readDate('03/25/2026');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('Data inexistente: "03/25/2026". Use dd/mm/aaaa (ex.: 05/03/2026).');
  });

  it.each(['31/02/2026', '29/02/2027', '00/01/2026', '10/13/2026', '31/04/2026'])('%s does not exist', (text) => {
    const r = readDate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Data inexistente/);
  });

  it.each(['2026-03-05', '05/03/26', '5/3', 'ontem', '05/03/2026x', '123/03/2026'])('%s is not a date: refused with the format', (text) => {
    const r = readDate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('dd/mm/aaaa');
  });

  it('a blank date is refused where one is required, and is "no date" where it is optional', () => {
    expect(readDate('  ').ok).toBe(false);
    expect(readOptionalDate('  ')).toEqual({ ok: true, iso: '' });
    expect(readOptionalDate('01/01/2026')).toEqual({ ok: true, iso: '2026-01-01' });
    expect(readOptionalDate('32/01/2026').ok).toBe(false);
  });

  it('years outside 1900–2199 are refused', () => {
    expect(readDate('01/01/0026').ok).toBe(false);
    expect(readDate('01/01/1899').ok).toBe(false);
  });
});

describe('formatDate / addDays', () => {
  it('shows ISO dates as dd/mm/aaaa', () => {
    expect(formatDate('2026-03-05')).toBe('05/03/2026');
    expect(formatDate('')).toBe('');
  });
  it('moves across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('maskDate: slashes while typing', () => {
  it.each([
    ['0', '0'],
    ['05', '05'],
    ['050', '05/0'],
    ['05032026', '05/03/2026'],
    ['050320261', '05/03/2026'],
    ['5/3/2026', '5/3/2026'],
    ['05-03-2026', '05/03/2026'],
    ['05//03', '05/03'],
    ['ab05x03', '05/03'],
    ['/05', '05'],
  ])('%s → %s', (typed, shown) => {
    expect(maskDate(typed)).toBe(shown);
  });
});
