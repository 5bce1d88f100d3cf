import { useEffect, useState } from 'react';
import type { PixView } from '../../../shared/api/payments';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL } from '../ui/format';
import { call, getBridge } from '../bridge';

/**
 * "Opções da venda" (Minhas vendas): the sale's PIX charges in the panel's
 * words — APROVADO with the end-to-end id, ESTORNO / ESTORNO PARCIAL after a
 * cancellation refunded it (follows `payments.pixChanged`).
 */
export function PixSaleStatus({ sale }: { sale: Sale; refresh: () => void }) {
  const [list, setList] = useState<PixView[]>([]);
  useEffect(() => {
    const load = () =>
      void call('payments.pixForSale', { saleId: sale.id }).then((r) => {
        if (r.ok) setList(r.value.filter((v) => v.status === 'approved' || v.status.startsWith('refund') || v.status === 'partial_refunded'));
      });
    load();
    return getBridge().on('payments.pixChanged', (v) => {
      if (v.saleId === sale.id) load();
    });
  }, [sale.id]);
  if (list.length === 0) return null;
  return (
    <ul className="pix-sale-status" aria-label="PIX da venda">
      {list.map((v) => (
        <li key={v.attemptId}>
          PIX {formatBRL(v.amountCents)}: <strong>{v.panel}</strong>
          {v.refundedCents > 0 && v.status !== 'refunded' ? ` (estornado ${formatBRL(v.refundedCents)})` : ''}
          {v.walletPaymentId ? ` — id ${v.walletPaymentId}` : ''}
        </li>
      ))}
    </ul>
  );
}
