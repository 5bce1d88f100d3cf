import { useEffect, useState } from 'react';
import type { LoyaltyOutcome } from '../../../shared/api/loyalty';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL } from '../ui/format';
import { call } from '../bridge';

/** Minhas vendas → the sale's loyalty: used, bonus, warnings recorded (e.g. balance to adjust manually). */
export function LoyaltySaleInfo({ sale }: { sale: Sale }) {
  const [o, setO] = useState<LoyaltyOutcome | null>(null);
  const [printed, setPrinted] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    void call('loyalty.counter.outcome', { saleId: sale.id }).then((r) => alive && r.ok && setO(r.value));
    return () => {
      alive = false;
    };
  }, [sale.id]);
  if (!o) return null;
  return (
    <div className="loyalty-info" aria-label="Fidelidade da venda" role="group">
      <p className="hint">
        Fidelidade: saldo utilizado {formatBRL(o.redemptionCents)} · bônus{' '}
        {o.bonus === 'done' ? formatBRL(o.generatedCents) : o.bonus === 'pending' ? 'pendente' : o.bonus === 'failed' ? 'não gerado' : '—'}
      </p>
      {o.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
      {o.bonus === 'done' && (
        <button
          type="button"
          onClick={async () => {
            const r = await call('loyalty.counter.printReceipt', { saleId: sale.id });
            setPrinted(r.ok ? 'Comprovante fidelidade enviado à impressora.' : r.error.message);
          }}
        >
          Imprimir comprovante fidelidade
        </button>
      )}
      <p role="status" className="hint">
        {printed}
      </p>
    </div>
  );
}

/** In the payment dialog: the loyalty balance used and, when it covers everything, "Sem Pagamento". */
export function LoyaltyPaymentInfo({ sale }: { sale: Sale }) {
  const t = sale.totals;
  if (t.redemptionCents === 0) return null;
  return (
    <div className="loyalty-payment">
      <p>
        Saldo fidelidade utilizado: <strong>{formatBRL(t.redemptionCents)}</strong>
      </p>
      {t.netCents === 0 && t.itemCount > 0 && <p role="status">Sem Pagamento: o saldo de fidelidade cobre toda a venda. Tecle Finalizar.</p>}
    </div>
  );
}
