import { AppError } from '../../kernel/errors';
import { MAX_AMOUNT_REAIS } from '../../net/partner';

/** The largest amount the payment API may tell us: the same ceiling as every partner answer (core/net/partner.ts). */
export const MAX_PAYMENT_CENTS = MAX_AMOUNT_REAIS * 100;

/** An answer from the payment API that breaks its contract (never trusted into money). */
export class PaymentAnswerError extends AppError {
  constructor(message: string) {
    super('payment.badAnswer', `Resposta inválida da API de pagamento: ${message}`);
    this.name = 'PaymentAnswerError';
  }
}

/**
 * A decimal in reais from the API → integer cents: finite, ≥ 0, ≤ ceiling,
 * at most 2 decimals (strings like "12.34" accepted). Anything else throws.
 */
export function boundedCents(value: unknown, field: string, ceiling = MAX_PAYMENT_CENTS): number {
  const n = typeof value === 'string' && /^\s*\d{1,12}(\.\d{1,2})?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new PaymentAnswerError(`${field} não é um valor numérico`);
  if (n < 0) throw new PaymentAnswerError(`${field} negativo`);
  const cents = Math.round(n * 100);
  if (Math.abs(cents - n * 100) > 1e-6) throw new PaymentAnswerError(`${field} com mais de 2 casas decimais`);
  if (cents > ceiling) throw new PaymentAnswerError(`${field} acima do limite`);
  return cents;
}
