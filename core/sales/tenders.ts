import { PAYMENT_FORMS, type CardDetails } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';
import { totalsOf, type OpenState } from './rows';
import type { SaleStatements } from './statements';

/**
 * Adds a tender. Cash may exceed what is left (the excess is "Troco");
 * any other form may not.
 */
export function addPayment(
  q: SaleStatements,
  s: OpenState,
  at: string,
  formCode: number,
  tenderedCents: number,
  reference: string | null,
  card: CardDetails | null,
): void {
  const totals = totalsOf(s);
  if (totals.itemCount === 0) throw new AppError('sale.empty', 'Inclua ao menos um item antes do pagamento.');
  const remaining = totals.netCents - totals.paidCents;
  if (remaining <= 0) throw new AppError('payment.nothingDue', 'Não há valor restante a pagar.');
  let amount = tenderedCents;
  let change = 0;
  if (tenderedCents > remaining) {
    if (formCode !== 1) {
      throw new AppError(
        'payment.exceeds',
        `${PAYMENT_FORMS[formCode as 1] ?? 'Pagamento'}: ${formatBRL(tenderedCents)} é maior que o restante (${formatBRL(remaining)}). Só dinheiro tem troco.`,
      );
    }
    amount = remaining;
    change = tenderedCents - remaining;
  }
  const c = card ?? { brand: null, installments: null, nsu: null, authorization: null };
  const id = Number(
    q.insertPayment.run(s.row.id, formCode, amount, tenderedCents, change, reference, at, c.brand, c.installments, c.nsu || null, c.authorization || null).lastInsertRowid,
  );
  s.payments.push({
    id, form_code: formCode, amount_cents: amount, received_cents: tenderedCents, change_cents: change, reference,
    card_brand: c.brand, installments: c.installments, nsu: c.nsu || null, authorization_code: c.authorization || null,
  });
}

export function removePayment(q: SaleStatements, s: OpenState, paymentId: number): void {
  const r = q.deletePayment.run(paymentId, s.row.id);
  if (r.changes === 0) throw new AppError('payment.notFound', 'Pagamento não encontrado nesta venda.');
  s.payments = s.payments.filter((p) => p.id !== paymentId);
}
