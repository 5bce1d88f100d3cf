import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CANCEL_REASONS, type Cancellation } from '../../../shared/api/cancellation';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL, saleNumber, when } from '../ui/format';
import { call } from '../bridge';
import { Alert, Dialog } from '../ui/Dialog';

const OTHER = 'outro';
/** How long the screen waits for the hub's answer before saying it will go later. */
const WAIT_MS = 8000;

/**
 * "Opções da venda" > "Cancelar" (Minhas vendas): "Motivo" + a Gerente's
 * approval → the sale is "Cancelada" and its loyalty reversal (EstornarVenda)
 * goes through the outbox; the outcome pop-up follows the hub contract.
 */
export function CancelSaleOption({ sale, refresh }: { sale: Sale; refresh: () => void }) {
  const [info, setInfo] = useState<Cancellation | null>(null);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Cancellation | null>(null);

  const load = useCallback(async () => {
    if (sale.status !== 'cancelada') return setInfo(null);
    const r = await call('cancellation.get', { saleId: sale.id, waitMs: 0 });
    if (r.ok) setInfo(r.value);
  }, [sale.id, sale.status]);
  useEffect(() => {
    void load();
  }, [load]);

  const finished = (c: Cancellation) => {
    setAsking(false);
    setInfo(c);
    if (c.reversal.state !== 'none') setOutcome(c);
    refresh();
    void printReceipt(c);
  };

  if (sale.status === 'cancelada') {
    return (
      <>
        {info && (
          <div className="cancel-info" role="group" aria-label="Cancelamento">
            <p>
              <strong>Cancelada</strong> em {when(info.cancelledAt)} por {info.operatorName}
              {info.approverName && info.approverName !== info.operatorName ? `, aprovado por ${info.approverName}` : ''}.
            </p>
            <p>Motivo: {info.reason}</p>
            {info.reversal.state !== 'none' && <p>{reversalLine(info)}</p>}
            {(info.reversal.state === 'failed' || info.reversal.state === 'offline' || info.reversal.state === 'pending') && (
              <button type="button" onClick={() => setOutcome(info)}>
                Ver estorno
              </button>
            )}
          </div>
        )}
        {outcome && <ReversalDialog cancellation={outcome} onClose={() => setOutcome(null)} onChange={(c) => setInfo(c)} />}
      </>
    );
  }
  if (sale.status !== 'finalizada') return null;
  return (
    <>
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Cancelar
      </button>
      {asking && <CancelDialog sale={sale} onClose={() => setAsking(false)} onDone={finished} />}
      {outcome && <ReversalDialog cancellation={outcome} onClose={() => setOutcome(null)} onChange={(c) => setInfo(c)} />}
    </>
  );
}

function reversalLine(c: Cancellation): string {
  switch (c.reversal.state) {
    case 'done':
      return `Estorno de fidelidade realizado: ${formatBRL(c.reversal.usedCents ?? 0)} utilizado, ${formatBRL(c.reversal.generatedCents ?? 0)} gerado.`;
    case 'pending':
    case 'offline':
      return 'Estorno de fidelidade pendente: será enviado quando a conexão voltar.';
    case 'failed':
      return `Estorno de fidelidade pendente: ${c.reversal.message ?? 'falhou'}.`;
    default:
      return '';
  }
}

async function printReceipt(c: Cancellation): Promise<void> {
  // The core prints it from the cancellation record (never from what the screen says).
  await call('cancellation.printReceipt', { saleId: c.saleId });
}

function CancelDialog({ sale, onClose, onDone }: { sale: Sale; onClose: () => void; onDone: (c: Cancellation) => void }) {
  const [choice, setChoice] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const detail = String(new FormData(e.currentTarget).get('detail') ?? '').trim();
    if (!choice) {
      setError('Escolha o motivo do cancelamento.');
      return document.getElementById('cancel-reason')?.focus();
    }
    if (choice === OTHER && detail.length < 3) {
      setError('Outro motivo: descreva-o em Detalhes.');
      return document.getElementById('cancel-detail')?.focus();
    }
    const reason = choice === OTHER ? detail : detail ? `${choice}: ${detail}` : choice;
    setBusy(true);
    setError(null);
    const r = await call('cancellation.cancel', { saleId: sale.id, reason: reason.slice(0, 200), waitMs: WAIT_MS });
    setBusy(false);
    if (r.ok) onDone(r.value.cancellation);
    else setError(r.error.message);
  };

  return (
    <Dialog title={`Cancelar venda ${saleNumber(sale)}`} onClose={onClose}>
      <p className="dialog-sub">
        Valor {formatBRL(sale.totals.netCents)}
        {sale.customerCpf ? ' · o estorno de fidelidade será enviado ao parceiro' : ''}. Precisa da aprovação de um gerente.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="cancel-reason">Motivo</label>
        <select id="cancel-reason" value={choice} onChange={(e) => setChoice(e.target.value)} data-autofocus>
          <option value="">Escolha…</option>
          {CANCEL_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
          <option value={OTHER}>Outro motivo</option>
        </select>
        <label htmlFor="cancel-detail">Detalhes{choice === OTHER ? ' (obrigatório para outro motivo)' : ' (opcional)'}</label>
        <input id="cancel-detail" name="detail" maxLength={150} autoComplete="off" />
        <Alert text={error} />
        <div className="actions">
          <button type="submit" className="primary danger" disabled={busy}>
            Confirmar cancelamento
          </button>
          <button type="button" onClick={onClose}>
            Voltar
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The hub's answer: amounts reversed; or "Fechar" / "Tentar Novamente" (same GUID); or "sent when back online". */
function ReversalDialog({ cancellation, onClose, onChange }: { cancellation: Cancellation; onClose: () => void; onChange: (c: Cancellation) => void }) {
  const [c, setC] = useState(cancellation);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    const r = await call('cancellation.retryReversal', { saleId: c.saleId, waitMs: WAIT_MS });
    setBusy(false);
    if (r.ok) {
      setC(r.value);
      onChange(r.value);
      setError(null);
    } else setError(r.error.message);
  };
  const rv = c.reversal;
  if (rv.state === 'done') {
    return (
      <Dialog title="Estorno realizado" onClose={onClose}>
        <p className="dialog-sub">A venda foi cancelada e o parceiro estornou a fidelidade.</p>
        <dl className="figures">
          <dt>Valor estornado utilizado</dt>
          <dd>{formatBRL(rv.usedCents ?? 0)}</dd>
          <dt>Valor estornado gerado</dt>
          <dd>{formatBRL(rv.generatedCents ?? 0)}</dd>
          {rv.balanceCents !== null && (
            <>
              <dt>Saldo de bônus atual</dt>
              <dd>{formatBRL(rv.balanceCents)}</dd>
            </>
          )}
        </dl>
        {rv.message && <p>{rv.message}</p>}
        <div className="actions">
          <button type="button" className="primary" onClick={onClose} data-autofocus>
            OK
          </button>
        </div>
      </Dialog>
    );
  }
  if (rv.state === 'failed') {
    return (
      <Dialog title="Falha no estorno" onClose={onClose}>
        <p className="dialog-sub">A venda está cancelada, mas o estorno de fidelidade não foi aceito pelo parceiro.</p>
        <Alert text={error ?? rv.message} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Fechar
          </button>
          <button type="button" className="primary" onClick={() => void retry()} disabled={busy} data-autofocus>
            Tentar Novamente
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Estorno pendente" onClose={onClose}>
      <p role="status">Estorno será enviado quando a conexão voltar.</p>
      {rv.message && <p className="hint">{rv.message}</p>}
      <div className="actions">
        <button type="button" onClick={onClose} data-autofocus>
          Fechar
        </button>
        <button type="button" onClick={() => void retry()} disabled={busy}>
          Tentar Novamente
        </button>
      </div>
    </Dialog>
  );
}
