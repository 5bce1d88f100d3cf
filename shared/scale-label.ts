import { gtinCheckDigit } from './ean';
import { lineTotalCents, THOUSANDTHS } from './quantity';

/**
 * Scale labels ("etiquetas de balança"): EAN-13 codes printed by a store's
 * label scale, starting with a prefix the store reserves (default `2`), that
 * carry a product's internal code (PLU) and either the total price in cents or
 * the weight in grams. Positions are 1-based digit positions in the 13 digits
 * (the default `2 CCCCC VVVVVV D`: prefix at 1, code at 2–6, value at 7–12,
 * check digit at 13).
 */

export type LabelValueKind = 'price' | 'weight';

export interface ScaleLabelLayout {
  /** Digits that start a scale label (1 or 2 digits). */
  prefix: string;
  /** 1-based position of the PLU's first digit. */
  codeStart: number;
  /** 4–6 digits. */
  codeLength: number;
  /** 1-based position of the value's first digit. */
  valueStart: number;
  /** 5–6 digits. */
  valueLength: number;
  /** 'price': total price in cents; 'weight': weight in grams. */
  valueKind: LabelValueKind;
}

export const DEFAULT_LABEL_LAYOUT: ScaleLabelLayout = {
  prefix: '2',
  codeStart: 2,
  codeLength: 5,
  valueStart: 7,
  valueLength: 6,
  valueKind: 'price',
};

/** Why a layout cannot be used (pt-BR), or null when it is valid. */
export function layoutProblem(l: ScaleLabelLayout): string | null {
  if (!/^\d{1,2}$/.test(l.prefix)) return 'O prefixo da etiqueta deve ter 1 ou 2 dígitos.';
  const ints = [l.codeStart, l.codeLength, l.valueStart, l.valueLength];
  if (!ints.every((n) => Number.isInteger(n))) return 'Posições e tamanhos devem ser números inteiros.';
  if (l.codeLength < 4 || l.codeLength > 6) return 'O código do produto na etiqueta tem de 4 a 6 dígitos.';
  if (l.valueLength < 5 || l.valueLength > 6) return 'O valor na etiqueta tem 5 ou 6 dígitos.';
  if (l.valueKind !== 'price' && l.valueKind !== 'weight') return 'Tipo de valor inválido (preço total ou peso).';
  // Usable digits: after the prefix, before the check digit (position 13).
  const first = l.prefix.length + 1;
  const fits = (start: number, len: number) => start >= first && start + len - 1 <= 12;
  if (!fits(l.codeStart, l.codeLength)) return `O código deve ficar entre as posições ${first} e 12.`;
  if (!fits(l.valueStart, l.valueLength)) return `O valor deve ficar entre as posições ${first} e 12.`;
  const codeEnd = l.codeStart + l.codeLength - 1;
  const valueEnd = l.valueStart + l.valueLength - 1;
  if (l.codeStart <= valueEnd && l.valueStart <= codeEnd) return 'O código e o valor não podem se sobrepor na etiqueta.';
  return null;
}

/** The layout as a person reads it: `2 CCCCC VVVVVV D` (P = prefix, C = code, V = value, X = ignored, D = check digit). */
export function layoutPattern(l: ScaleLabelLayout): string {
  const digits: string[] = [];
  for (let pos = 1; pos <= 13; pos++) {
    if (pos <= l.prefix.length) digits.push(l.prefix[pos - 1]);
    else if (pos === 13) digits.push('D');
    else if (pos >= l.codeStart && pos < l.codeStart + l.codeLength) digits.push('C');
    else if (pos >= l.valueStart && pos < l.valueStart + l.valueLength) digits.push('V');
    else digits.push('X');
  }
  return digits.join('').replace(/(\d+|C+|V+|X+|D)/g, '$1 ').trim();
}

export interface DecodedLabel {
  code: string;
  /** The PLU as the catalog's internal code (leading zeros dropped: "00123" → "123"). */
  plu: string;
  valueKind: LabelValueKind;
  /** Cents for 'price', grams for 'weight'. */
  value: number;
}

export type LabelDecode =
  /** Not a scale label under this layout (not 13 digits, or another prefix): look it up as an EAN. */
  | { kind: 'not-label' }
  | { kind: 'invalid'; message: string }
  | { kind: 'label'; label: DecodedLabel };

/** Decodes a scanned or typed code; cheap (no allocation beyond the result) so scanning stays as fast as an EAN lookup. */
export function decodeScaleLabel(code: string, layout: ScaleLabelLayout = DEFAULT_LABEL_LAYOUT): LabelDecode {
  if (code.length !== 13 || !code.startsWith(layout.prefix) || !/^\d{13}$/.test(code)) return { kind: 'not-label' };
  if (gtinCheckDigit(code.slice(0, 12)) !== Number(code[12])) {
    return { kind: 'invalid', message: 'Etiqueta de balança inválida (dígito verificador).' };
  }
  const pluDigits = code.slice(layout.codeStart - 1, layout.codeStart - 1 + layout.codeLength);
  const value = Number(code.slice(layout.valueStart - 1, layout.valueStart - 1 + layout.valueLength));
  const plu = pluDigits.replace(/^0+(?=\d)/, '');
  return { kind: 'label', label: { code, plu, valueKind: layout.valueKind, value } };
}

/** A label applied to its product's price per kg: the line's weight (thousandths of kg) and total (cents). */
export interface LabelLine {
  quantity: number;
  totalCents: number;
}

/**
 * The sale line a label makes. A weight label: the weight in grams is the
 * quantity in thousandths of a kg, the total is weight × price rounded once.
 * A price label: the total is the printed price (what the customer saw and
 * pays); the weight is computed from it, three decimals, and chosen so that
 * weight × price rounds back to the printed price whenever such a weight exists
 * (price per kg up to R$ 10,00 always; above it some totals fall between grams).
 * Null when the price per kg is zero (a price label cannot give a weight).
 */
export function labelLine(label: DecodedLabel, pricePerKgCents: number): LabelLine | null {
  if (label.valueKind === 'weight') {
    return { quantity: label.value, totalCents: lineTotalCents(label.value, pricePerKgCents) };
  }
  if (pricePerKgCents <= 0) return null;
  const total = label.value;
  // Nearest weight, half-up, in integers: total × 1000 / price.
  const estimate = Math.floor((total * THOUSANDTHS * 2 + pricePerKgCents) / (pricePerKgCents * 2));
  for (const w of [estimate, estimate - 1, estimate + 1]) {
    if (w > 0 && lineTotalCents(w, pricePerKgCents) === total) return { quantity: w, totalCents: total };
  }
  return { quantity: Math.max(estimate, 1), totalCents: total };
}

/** What the counter needs of a product to apply a label. */
export interface LabelProduct {
  description: string;
  /** Price per kg for a weighed product. */
  priceCents: number;
}

export type LabelResolution<P extends LabelProduct> =
  | { kind: 'not-label' }
  | { kind: 'invalid'; message: string }
  | { kind: 'line'; label: DecodedLabel; product: P; line: LabelLine };

/**
 * Decodes a code and finds the label's product by its internal code (PLU).
 * Unknown PLU and a price label on a product without a price are refused with
 * a message a cashier understands.
 */
export function resolveScaleLabel<P extends LabelProduct>(
  code: string,
  layout: ScaleLabelLayout,
  findByCode: (plu: string) => P | null | undefined,
): LabelResolution<P> {
  const decoded = decodeScaleLabel(code, layout);
  if (decoded.kind !== 'label') return decoded;
  const product = findByCode(decoded.label.plu);
  if (!product) return { kind: 'invalid', message: `Etiqueta de balança: produto ${decoded.label.plu} não cadastrado.` };
  const line = labelLine(decoded.label, product.priceCents);
  if (!line) return { kind: 'invalid', message: `Etiqueta de balança: ${product.description} está sem preço por kg.` };
  return { kind: 'line', label: decoded.label, product, line };
}
