import { useEffect, useRef } from 'react';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL } from '../ui/format';

/** The exact words of issue 7 (independent test clients look for them). */
export const OVERPAID_MESSAGE = 'Os pagamentos passam do novo total: remova um pagamento';

/** True when a change (discount, removed item) left the tenders above the total: nothing was dropped. */
export function isOverpaid(sale: Sale | null): boolean {
  return !!sale && sale.payments.length > 0 && sale.totals.paidCents > sale.totals.netCents;
}

/** A R$ 0,00 sale with items and nothing paid: finalizes only after a confirmation, as "Sem Pagamento". */
export function isZeroSale(sale: Sale | null): boolean {
  return !!sale && sale.totals.itemCount > 0 && sale.totals.netCents === 0 && sale.totals.paidCents === 0;
}

/**
 * Shown on the sale screen and in "Pagamento" while the payments pass the total:
 * the cashier decides which tender to remove (a card may already be approved).
 */
export function OverpaidNotice({ sale }: { sale: Sale | null }) {
  if (!sale || !isOverpaid(sale)) return null;
  return (
    <div className="overpaid" data-testid="overpaid">
      <p role="alert" className="alert">
        {OVERPAID_MESSAGE}
      </p>
      <p className="hint">
        Pago {formatBRL(sale.totals.paidCents)} · total {formatBRL(sale.totals.netCents)}. Em "Efetuar Pagamento" (F10), remova o pagamento que
        sobra e lance de novo o valor certo.
      </p>
    </div>
  );
}

/** "Finalizar" on a R$ 0,00 sale: asks before recording it with form 90 "Sem Pagamento". */
export function ZeroSaleConfirm({ busy, onConfirm, onBack }: { busy: boolean; onConfirm: () => void; onBack: () => void }) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div role="group" aria-label="Venda sem pagamento" className="zero-sale">
      <p>Esta venda ficou em R$ 0,00. Finalizar sem pagamento (forma "Sem Pagamento")?</p>
      <div className="actions">
        <button type="button" className="primary" ref={confirmRef} disabled={busy} onClick={onConfirm}>
          Finalizar sem pagamento
        </button>
        <button type="button" onClick={onBack}>
          Voltar
        </button>
      </div>
    </div>
  );
}
