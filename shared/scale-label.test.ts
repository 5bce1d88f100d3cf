import { describe, expect, it } from 'vitest';
import { withCheckDigit } from './ean';
import { lineTotalCents } from './quantity';
import {
  decodeScaleLabel,
  DEFAULT_LABEL_LAYOUT,
  labelLine,
  layoutPattern,
  layoutProblem,
  resolveScaleLabel,
  type ScaleLabelLayout,
} from './scale-label';

const catalog = new Map([
  ['123', { code: '123', description: 'Queijo minas', priceCents: 3990 }],
  ['4567', { code: '4567', description: 'Picanha', priceCents: 8990 }],
  ['77', { code: '77', description: 'Brinde', priceCents: 0 }],
]);
const find = (plu: string) => catalog.get(plu);

describe('layouts', () => {
  it('accepts the default and describes it as 2 CCCCC VVVVVV D', () => {
    expect(layoutProblem(DEFAULT_LABEL_LAYOUT)).toBeNull();
    expect(layoutPattern(DEFAULT_LABEL_LAYOUT)).toBe('2 CCCCC VVVVVV D');
    expect(layoutPattern({ prefix: '20', codeStart: 3, codeLength: 4, valueStart: 8, valueLength: 5, valueKind: 'weight' })).toBe('20 CCCC X VVVVV D');
  });

  it('refuses lengths out of range, overlaps and fields over the prefix or the check digit', () => {
    const bad = (patch: Partial<ScaleLabelLayout>) => layoutProblem({ ...DEFAULT_LABEL_LAYOUT, ...patch });
    expect(bad({ codeLength: 3 })).toMatch(/4 a 6/);
    expect(bad({ codeLength: 7 })).toMatch(/4 a 6/);
    expect(bad({ valueLength: 4 })).toMatch(/5 ou 6/);
    expect(bad({ codeStart: 1 })).toMatch(/posições 2 e 12/);
    expect(bad({ valueStart: 8 })).toMatch(/posições 2 e 12/); // 8..13 hits the check digit
    expect(bad({ codeStart: 2, codeLength: 6 })).toMatch(/sobrepor/);
    expect(bad({ prefix: 'a' })).toMatch(/prefixo/);
  });
});

describe('decodeScaleLabel', () => {
  it('default layout: code 2–6, total price in cents at 7–12', () => {
    const code = withCheckDigit('200123001397');
    expect(decodeScaleLabel(code)).toEqual({ kind: 'label', label: { code, plu: '123', valueKind: 'price', value: 1397 } });
  });

  it('weight layout with a two-digit prefix, 5-digit code at 3–7 and 5-digit grams at 8–12', () => {
    const layout: ScaleLabelLayout = { prefix: '29', codeStart: 3, codeLength: 5, valueStart: 8, valueLength: 5, valueKind: 'weight' };
    expect(layoutProblem(layout)).toBeNull();
    const code = withCheckDigit('290456700350');
    expect(decodeScaleLabel(code, layout)).toEqual({ kind: 'label', label: { code, plu: '4567', valueKind: 'weight', value: 350 } });
    expect(decodeScaleLabel(withCheckDigit('200456700350'), layout)).toEqual({ kind: 'not-label' });
  });

  it('4-digit code and 6-digit weight', () => {
    const layout: ScaleLabelLayout = { prefix: '2', codeStart: 2, codeLength: 4, valueStart: 7, valueLength: 6, valueKind: 'weight' };
    const code = withCheckDigit('201230001250');
    expect(decodeScaleLabel(code, layout)).toMatchObject({ kind: 'label', label: { plu: '123', value: 1250 } });
  });

  it('a wrong check digit is refused, other prefixes and lengths are not labels', () => {
    const good = withCheckDigit('200123001397');
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    expect(decodeScaleLabel(bad)).toEqual({ kind: 'invalid', message: 'Etiqueta de balança inválida (dígito verificador).' });
    expect(decodeScaleLabel('7891234567895')).toEqual({ kind: 'not-label' });
    expect(decodeScaleLabel('20012300139')).toEqual({ kind: 'not-label' });
    expect(decodeScaleLabel('2001230013a7')).toEqual({ kind: 'not-label' });
  });
});

describe('labelLine and resolveScaleLabel', () => {
  it('a price label charges the printed price and derives the weight (three decimals)', () => {
    const r = resolveScaleLabel(withCheckDigit('200123001397'), DEFAULT_LABEL_LAYOUT, find);
    expect(r).toMatchObject({ kind: 'line', product: { description: 'Queijo minas' }, line: { quantity: 350, totalCents: 1397 } });
  });

  it('a weight label multiplies by the price per kg, rounded once', () => {
    const layout = { ...DEFAULT_LABEL_LAYOUT, valueKind: 'weight' as const };
    const r = resolveScaleLabel(withCheckDigit('200123000350'), layout, find);
    expect(r).toMatchObject({ kind: 'line', line: { quantity: 350, totalCents: 1397 } });
  });

  it('the derived weight rounds back to the printed price whenever a weight can', () => {
    for (let total = 1; total <= 5000; total += 7) {
      const line = labelLine({ code: '', plu: '1', valueKind: 'price', value: total }, 999)!;
      expect(lineTotalCents(line.quantity, 999)).toBe(total);
    }
    // R$ 89,90/kg: a gram is ~9 cents, so R$ 0,05 has no exact weight: the printed price still wins.
    expect(labelLine({ code: '', plu: '1', valueKind: 'price', value: 5 }, 8990)).toEqual({ quantity: 1, totalCents: 5 });
  });

  it('unknown PLU and a product without price are clear messages', () => {
    expect(resolveScaleLabel(withCheckDigit('299999001397'), DEFAULT_LABEL_LAYOUT, find)).toEqual({
      kind: 'invalid',
      message: 'Etiqueta de balança: produto 99999 não cadastrado.',
    });
    expect(resolveScaleLabel(withCheckDigit('200077000100'), DEFAULT_LABEL_LAYOUT, find)).toEqual({
      kind: 'invalid',
      message: 'Etiqueta de balança: Brinde está sem preço por kg.',
    });
    expect(resolveScaleLabel('7891234567895', DEFAULT_LABEL_LAYOUT, find)).toEqual({ kind: 'not-label' });
  });
});
