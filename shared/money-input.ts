/**
 * The ONE reader of money typed by people (every money field of the renderer).
 *
 * pt-BR: "." groups thousands, "," separates the cents. "1.000" is a thousand
 * reais, "1.000,50" a thousand and fifty cents, "R$ 2.500" two and a half
 * thousand. What could mean two things ("1.25", "1,2,3", "1,234") is refused
 * with a message, never guessed. (CSV files are read by parseMoney in money.ts,
 * which also accepts a decimal point: files come from other programs.)
 */

export type MoneyRead = { ok: true; cents: number } | { ok: false; message: string };

const EXAMPLE = 'Use vírgula para os centavos e ponto para o milhar (ex.: 1.234,56).';

/**
 * "1.000" → 100000, "1.000,50" → 100050, "R$ 2.500" → 250000, "12,9" → 1290,
 * ",50" → 50, "7" → 700. Blank, negative, "1.25", "1,2,3", "1,234",
 * "1.00.0" and letters are refused with a pt-BR message.
 */
export function readMoney(text: string): MoneyRead {
  const s = text.replace(/^\s*R\$/i, '').replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: false, message: 'Informe um valor (ex.: 10,00).' };
  if (s.startsWith('-')) return { ok: false, message: `Valor negativo não é aceito: "${text.trim()}".` };
  if (!/^[\d.,]+$/.test(s)) return { ok: false, message: `Valor inválido: "${text.trim()}". ${EXAMPLE}` };
  const commas = s.split(',').length - 1;
  if (commas > 1) return { ok: false, message: `Valor inválido: "${text.trim()}" tem mais de uma vírgula. ${EXAMPLE}` };
  const [intText, fracText = ''] = s.split(',');
  if (fracText.includes('.')) return { ok: false, message: `Valor inválido: "${text.trim()}" tem ponto depois da vírgula. ${EXAMPLE}` };
  if (fracText.length > 2) {
    return { ok: false, message: `Valor ambíguo: "${text.trim()}" tem mais de 2 casas decimais. ${EXAMPLE}` };
  }
  if (intText.includes('.') && !/^\d{1,3}(\.\d{3})+$/.test(intText)) {
    return { ok: false, message: `Valor ambíguo: "${text.trim()}". ${EXAMPLE}` };
  }
  const digits = intText.replace(/\./g, '');
  if (digits === '' && fracText === '') return { ok: false, message: `Valor inválido: "${text.trim()}". ${EXAMPLE}` };
  const cents = Number(digits || '0') * 100 + Number(fracText.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, message: `Valor alto demais: "${text.trim()}".` };
  return { ok: true, cents };
}

/** A percentage typed by people ("10", "2,5", "12,75") → basis points (250 = 2,5%), same grammar as money. */
export function readPercent(text: string): { ok: true; basisPoints: number } | { ok: false; message: string } {
  const r = readMoney(text.replace(/%\s*$/, ''));
  if (!r.ok) return { ok: false, message: r.message.replace('Valor', 'Percentual').replace('(ex.: 1.234,56)', '(ex.: 2,5%)') };
  if (r.cents > 10_000) return { ok: false, message: `Percentual acima de 100%: "${text.trim()}".` };
  return { ok: true, basisPoints: r.cents };
}
