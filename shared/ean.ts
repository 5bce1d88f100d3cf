/** GTIN check digits (EAN-8, EAN-13; also UPC-A/GTIN-14 by the same rule). */

export function gtinCheckDigit(body: string): number {
  let sum = 0;
  // Weights 3,1,3,1… from the rightmost digit of the body.
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(body[i]) * w;
  return (10 - (sum % 10)) % 10;
}

export function isValidEan(code: string): boolean {
  if (!/^\d+$/.test(code) || (code.length !== 8 && code.length !== 13)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}

/** Completes a 12-digit (or 7-digit) body with its check digit. */
export function withCheckDigit(body: string): string {
  return body + String(gtinCheckDigit(body));
}

/** Lengths of a GTIN: 8, 12, 13, 14 (EAN-8, UPC-A, EAN-13, DUN-14). Any other length is never a barcode. */
export function hasGtinLength(code: string): boolean {
  const n = code.length;
  return n === 8 || n === 12 || n === 13 || n === 14;
}

/** GTIN-8/12/13/14 (EAN-8, UPC-A, EAN-13, DUN-14): true when the length fits and the check digit is right. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !hasGtinLength(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}

/** A code with a GTIN's length (8, 12, 13, 14 digits) whose check digit is wrong: a misread or mistyped barcode. */
export function hasWrongCheckDigit(code: string): boolean {
  return /^\d+$/.test(code) && hasGtinLength(code) && !isValidGtin(code);
}
