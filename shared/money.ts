/**
 * Money is integer cents everywhere inside Balcão. These helpers are the only
 * places where cents meet reais: formatting for people (pt-BR) and the decimal
 * numbers that external JSON APIs speak.
 */

const brl = new Intl.NumberFormat('pt-BR', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** 123456 → "R$ 1.234,56" (normal space after R$, as receipts print it). */
export function formatBRL(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  return `${sign}R$ ${brl.format(Math.abs(cents) / 100)}`;
}

/** 123456 → "1.234,56" */
export function formatDecimalBR(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  return sign + brl.format(Math.abs(cents) / 100);
}

/**
 * Parses what a person types or a CSV holds: "12,90", "1.234,56", "12.90",
 * "R$ 7", "7". Returns integer cents, or null when it is not a money value.
 */
export function parseMoney(text: string): number | null {
  let s = text.trim().replace(/^R\$\s*/i, '').replace(/\s/g, '');
  if (s === '') return null;
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let intPart: string;
  let fracPart = '';
  if (lastComma >= 0 && lastComma > lastDot) {
    intPart = s.slice(0, lastComma).replace(/\./g, '');
    fracPart = s.slice(lastComma + 1);
  } else if (lastDot >= 0 && lastComma < 0 && /^\d{1,3}(\.\d{3})+$/.test(s) && s.split('.').length > 2) {
    intPart = s.replace(/\./g, '');
  } else if (lastDot >= 0) {
    intPart = s.slice(0, lastDot).replace(/,/g, '');
    fracPart = s.slice(lastDot + 1);
  } else {
    intPart = s;
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart) || (intPart === '' && fracPart === '')) return null;
  if (fracPart.length > 2) {
    // Round half-up on the third decimal; more precision than cents is not money.
    const cents = Number(intPart || '0') * 100 + Number(fracPart.slice(0, 2).padEnd(2, '0'));
    const roundUp = Number(fracPart[2]) >= 5 ? 1 : 0;
    return (negative ? -1 : 1) * (cents + roundUp);
  }
  const cents = Number(intPart || '0') * 100 + Number(fracPart.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return negative ? -cents : cents;
}

/** Cents → the decimal number a JSON API expects (1250 → 12.5). */
export function centsToDecimal(cents: number): number {
  if (!Number.isInteger(cents)) throw new TypeError(`centavos não inteiros: ${cents}`);
  return Number((cents / 100).toFixed(2));
}

/** A decimal from a JSON API → cents (12.5 → 1250), rounding float noise half-up. */
export function decimalToCents(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(`valor não numérico: ${value}`);
  return Math.round(Number((value * 100).toFixed(4)));
}

/** Half-up percentage of an amount in cents, computed in integers (basis points). */
export function percentOf(cents: number, basisPoints: number): number {
  return Math.floor((cents * basisPoints + 5000) / 10000);
}
