import { z } from 'zod';

/**
 * Bounds for a partner's answers (Hub Fidelidade now, the payment API next):
 * what a partner says is DATA to check, not to trust. Every amount finite,
 * between 0 and a sane ceiling, with at most 2 decimals (refused, never
 * rounded); every date ISO-8601 and real; every string length-capped; every
 * body size-capped. A value outside these is "out of standard".
 */

/** R$ 100.000.000,00: far above any till's operation, far below 2^53 cents. */
export const MAX_AMOUNT_REAIS = 100_000_000;
/** Response bodies: 1 MB (axios maxContentLength/maxBodyLength and a second check on the text). */
export const MAX_PARTNER_BODY_BYTES = 1024 * 1024;
/** Default cap for a partner's free text (messages, descriptions). */
export const MAX_PARTNER_TEXT = 500;

/** Whether `v` has at most 2 decimal places (0.29 yes; 1.005, 0.1 + 0.2 no). */
export function hasAtMostTwoDecimals(v: number): boolean {
  if (!Number.isFinite(v)) return false;
  const cents = Math.round(v * 100);
  return Number.isSafeInteger(cents) && cents / 100 === v;
}

/** A money decimal in reais: finite, 0 ≤ v ≤ max, at most 2 decimals. */
export function boundedMoney(max = MAX_AMOUNT_REAIS) {
  return z
    .number({ error: 'não é um número' })
    .refine(Number.isFinite, 'não é um número finito')
    .refine((v) => v >= 0, 'valor negativo')
    .refine((v) => v <= max, `acima do limite de ${max.toLocaleString('pt-BR')}`)
    .refine(hasAtMostTwoDecimals, 'mais de 2 casas decimais');
}

/** An integer identifier: 0 ≤ v ≤ 2^31 − 1. */
export function boundedId() {
  return z.number().int('não é inteiro').min(0, 'negativo').max(2 ** 31 - 1, 'grande demais');
}

/** A string of at most `max` characters. */
export function boundedText(max = MAX_PARTNER_TEXT) {
  return z.string().max(max, `texto longo demais (máximo ${max})`);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether `s` is an ISO-8601 date or date-time that exists (2026-02-30 does not). */
export function isIsoDate(s: string): boolean {
  if (s.length > 40) return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return false;
  return !Number.isNaN(Date.parse(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}` : s.replace(' ', 'T')));
}

/** An ISO-8601 date (or date-time) string. */
export function isoDate() {
  return z.string().refine(isIsoDate, 'data fora do padrão ISO-8601');
}

/** The size of a text body in bytes (UTF-8). */
export function bodyTooLarge(text: string, max = MAX_PARTNER_BODY_BYTES): boolean {
  return text.length > max || Buffer.byteLength(text, 'utf8') > max;
}

/**
 * A partner answered with a redirect: neither client follows one (the request carried credentials or created
 * something; the next host would receive them). The communication error names where it pointed, so a person
 * can tell a moved API from a hijacked one.
 */
export function redirectMessage(partner: string, status: number, location: unknown, base: string): string {
  let target = 'destino não informado';
  if (typeof location === 'string' && location) {
    try {
      target = new URL(location, base).host || location.slice(0, 100);
    } catch {
      target = location.slice(0, 100);
    }
  }
  return `${partner} redirecionou a chamada (HTTP ${status}) para ${target}: redirecionamentos não são seguidos. Confira o endereço configurado.`;
}
