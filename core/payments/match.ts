import { formatBRL } from '../../shared/money';
import type { OrderInfo } from '../partners/pix/client';
import type { Attempt } from './repo';

/**
 * An answer of the payment API checked against what we asked (issue 20): a malicious or broken API must not
 * turn another order's approval, an approval of R$ 0,01 or a refund of R$ 99.999,99 into money in the till.
 * Returns why the answer does not match (pt-BR, shown to the cashier and in "Sincronização"), or null.
 */
export function orderMismatch(a: Attempt, info: OrderInfo): string | null {
  if (a.order_id !== null && info.orderId !== a.order_id) return `a resposta é do pedido ${clip(info.orderId)}, não do pedido ${clip(a.order_id)} deste PIX`;
  if (info.externalId !== null && info.externalId !== a.order_ref) return `a resposta é da referência ${clip(info.externalId)}, não de ${a.order_ref}`;
  if (a.wallet !== null && info.wallet !== null && info.wallet !== a.wallet) return `carteira ${clip(info.wallet)} na resposta, pedida ${a.wallet}`;
  if (info.totalCents !== null && info.totalCents !== a.amount_cents) return `total do pedido ${formatBRL(info.totalCents)} na resposta, cobrado ${formatBRL(a.amount_cents)}`;
  if (info.status === 'approved') {
    if (info.paidCents === null) return 'aprovação sem o valor pago';
    if (info.paidCents !== a.amount_cents) return `valor pago ${formatBRL(info.paidCents)} na resposta, cobrado ${formatBRL(a.amount_cents)}`;
  }
  if (info.refundedCents !== null && info.refundedCents > a.amount_cents) {
    return `estorno de ${formatBRL(info.refundedCents)} na resposta, acima do cobrado (${formatBRL(a.amount_cents)})`;
  }
  return null;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
