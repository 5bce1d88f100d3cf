/**
 * Quantities are integer thousandths everywhere inside Balcão: 0,350 kg = 350,
 * 3 units = 3000. These helpers are where thousandths meet people (pt-BR text
 * typed at the counter or printed) and where a quantity meets a price.
 */

import { formatBRL } from './money';

export const THOUSANDTHS = 1000;

/** Units that sell in fractions unless the catalog says otherwise (a `KG` price is per kg). */
export const FRACTIONAL_UNITS: readonly string[] = ['KG', 'L', 'LT', 'M', 'MT', 'M2', 'M3'];

export function isFractionalUnit(unit: string): boolean {
  return FRACTIONAL_UNITS.includes(unit.trim().toUpperCase());
}

export type QuantityParse = { ok: true; thousandths: number } | { ok: false; message: string };

const refuse = (message: string): QuantityParse => ({ ok: false, message });

/**
 * What a cashier types as a quantity: "0,350", "1,5", "1.000,250", "3", "1.000"
 * (a thousand), "1.5" (one and a half: a dot followed by one or two digits can
 * only be a decimal point). Refused: more than three decimals, a lone dot
 * followed by exactly three digits ("1.500": 1,5 or 1500?), zero, negatives,
 * anything that is not a number.
 */
export function parseQuantity(text: string): QuantityParse {
  const s = text.trim().replace(/\s/g, '');
  if (s === '') return refuse('Informe a quantidade.');
  if (s.startsWith('-')) return refuse('A quantidade deve ser maior que zero.');
  let intPart: string;
  let fracPart: string;
  const comma = s.indexOf(',');
  if (comma >= 0) {
    if (s.indexOf(',', comma + 1) >= 0) return refuse(`Quantidade inválida: "${text.trim()}".`);
    intPart = s.slice(0, comma);
    fracPart = s.slice(comma + 1);
    if (intPart.includes('.')) {
      // Dots before the comma are thousands separators, in groups of three.
      if (!/^\d{1,3}(\.\d{3})+$/.test(intPart)) return refuse(`Quantidade inválida: "${text.trim()}".`);
      intPart = intPart.replace(/\./g, '');
    }
  } else if (s.includes('.')) {
    const parts = s.split('.');
    if (parts.length > 2) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(s)) return refuse(`Quantidade inválida: "${text.trim()}".`);
      intPart = parts.join('');
      fracPart = '';
    } else if (parts[1].length === 3) {
      return refuse(`Quantidade ambígua: "${text.trim()}". Use vírgula para decimais (ex.: 1,500).`);
    } else {
      intPart = parts[0];
      fracPart = parts[1];
    }
  } else {
    intPart = s;
    fracPart = '';
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart) || (intPart === '' && fracPart === '')) {
    return refuse(`Quantidade inválida: "${text.trim()}".`);
  }
  if (comma >= 0 && fracPart === '') return refuse(`Quantidade inválida: "${text.trim()}".`);
  if (fracPart.length > 3) return refuse('A quantidade aceita no máximo 3 casas decimais (ex.: 0,350).');
  const thousandths = Number(intPart || '0') * THOUSANDTHS + Number(fracPart.padEnd(3, '0'));
  if (!Number.isSafeInteger(thousandths)) return refuse(`Quantidade inválida: "${text.trim()}".`);
  if (thousandths === 0) return refuse('A quantidade deve ser maior que zero.');
  return { ok: true, thousandths };
}

/** True when the quantity is a whole number of units (what a `UN` product accepts). */
export function isWholeQuantity(thousandths: number): boolean {
  return thousandths % THOUSANDTHS === 0;
}

const grouped = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });

/**
 * Thousandths → pt-BR text. Fractional units always show three decimals
 * (350 → "0,350", 1000250 → "1.000,250"); whole units show none (3000 → "3").
 */
export function formatQuantity(thousandths: number, fractional: boolean): string {
  if (!Number.isInteger(thousandths)) throw new TypeError(`quantidade não inteira: ${thousandths}`);
  const sign = thousandths < 0 ? '-' : '';
  const abs = Math.abs(thousandths);
  const whole = grouped.format(Math.floor(abs / THOUSANDTHS));
  const frac = abs % THOUSANDTHS;
  if (!fractional && frac === 0) return sign + whole;
  return `${sign}${whole},${String(frac).padStart(3, '0')}`;
}

/** Thousandths → the decimal number a JSON API or a spreadsheet expects (350 → 0.35). */
export function thousandthsToDecimal(thousandths: number): number {
  if (!Number.isInteger(thousandths)) throw new TypeError(`quantidade não inteira: ${thousandths}`);
  return Number((thousandths / THOUSANDTHS).toFixed(3));
}

/**
 * A line's total: quantity (thousandths) × unit price (cents), rounded half-up
 * to the cent once, in integers (BigInt when the product leaves the safe
 * range). 350 × 3990 → 1396,5 → 1397 (0,350 kg × R$ 39,90 = R$ 13,97).
 */
export function lineTotalCents(thousandths: number, unitPriceCents: number): number {
  if (!Number.isInteger(thousandths) || !Number.isInteger(unitPriceCents)) {
    throw new TypeError(`quantidade e preço devem ser inteiros: ${thousandths} × ${unitPriceCents}`);
  }
  const negative = thousandths < 0 !== unitPriceCents < 0 && thousandths !== 0 && unitPriceCents !== 0;
  const product = Math.abs(thousandths) * Math.abs(unitPriceCents);
  let rounded: number;
  if (Number.isSafeInteger(product)) {
    rounded = Math.floor((product + THOUSANDTHS / 2) / THOUSANDTHS);
  } else {
    const big = BigInt(Math.abs(thousandths)) * BigInt(Math.abs(unitPriceCents));
    rounded = Number((big + 500n) / 1000n);
    if (!Number.isSafeInteger(rounded)) throw new RangeError('total da linha fora do limite');
  }
  return negative ? -rounded : rounded;
}

/** A line's quantity as people read it: "0,350 kg" for a fractional unit, "3 UN" for a whole one. */
export function quantityWithUnit(thousandths: number, unit: string, fractional: boolean): string {
  return fractional ? `${formatQuantity(thousandths, true)} ${unit.toLowerCase()}` : `${formatQuantity(thousandths, false)} ${unit}`;
}

/** A fractional line on a receipt: "0,350 kg x R$ 39,90/kg = R$ 13,97". */
export function weighedLineText(thousandths: number, unit: string, unitPriceCents: number, grossCents: number): string {
  const u = unit.toLowerCase();
  return `${formatQuantity(thousandths, true)} ${u} x ${formatBRL(unitPriceCents)}/${u} = ${formatBRL(grossCents)}`;
}
