import { useCallback, useEffect, useState } from 'react';
import type { OutboxFilter, OutboxItem } from '../../../shared/api/outbox';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { when } from '../ui/format';
import { DiscardDialog } from './DiscardDialog';
import { KeepDaysForm } from './KeepDaysForm';
import { hubState, retaguardaState, useSync } from './syncStore';
import './sync.css';

const STATUS: Record<OutboxItem['status'], string> = {
  pending: 'Pendente',
  sending: 'Enviando',
  retrying: 'Aguardando nova tentativa',
  attention: 'Precisa de atenção',
  done: 'Entregue',
  discarded: 'Descartada',
};

const FILTERS: { value: OutboxFilter | 'all'; label: string }[] = [
  { value: 'all', label: 'Todas' },
  { value: 'pending', label: 'Pendentes' },
  { value: 'retrying', label: 'Em nova tentativa' },
  { value: 'attention', label: 'Precisam de atenção' },
];

function nextAttempt(r: OutboxItem): string {
  if (r.status === 'attention') return 'Aguarda decisão';
  if (r.status === 'sending') return 'Agora';
  if (r.waitingPrevious) return 'Após a operação anterior da venda';
  return when(r.nextAttemptAt);
}

/** "Sincronização": what the hub / payment API still has to hear about, and what a person must decide. */
export function SyncScreen() {
  const summary = useSync((s) => s.summary);
  const [filter, setFilter] = useState<OutboxFilter | 'all'>('all');
  const [rows, setRows] = useState<OutboxItem[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null);

  const load = useCallback(async () => {
    const r = await call('outbox.list', filter === 'all' ? { limit: 200 } : { status: filter, limit: 200 });
    if (r.ok) {
      setRows(r.value.rows);
      setTotal(r.value.total);
    } else setError(r.error.message);
  }, [filter]);

  useEffect(() => useSync.getState().start(), []);
  // Reload on every pushed change (coalesced by the core), never on a timer.
  useEffect(() => {
    void load();
  }, [load, summary]);

  const resend = async (id?: number) => {
    setError(null);
    const r = await call('outbox.resend', id === undefined ? {} : { id });
    if (!r.ok) return setError(r.error.message);
    setNotice(r.value.count === 0 ? 'Nenhuma operação para reenviar.' : `${r.value.count} operação(ões) reenviada(s) agora.`);
    void load();
  };

  const hub = hubState(summary);
  const rtg = retaguardaState(summary);
  return (
    <div className="page sync-screen">
      <h1>Sincronização</h1>
      <p className="hint">
        Hub Fidelidade: <strong>{hub.online ? 'Online' : 'Sem conexão com o Hub'}</strong>
        {hub.lastError ? ` · último erro: ${hub.lastError.replace(/\.+$/, '')}` : ''}. As operações são enviadas automaticamente, na ordem de cada venda, com o mesmo
        identificador; nada é aplicado duas vezes.
      </p>
      {rtg && (!rtg.online || rtg.lastError) && (
        <p className="hint" data-testid="sync-retaguarda-state">
          Retaguarda: <strong>{rtg.online ? 'Online' : 'Sem conexão com a retaguarda'}</strong>
          {rtg.lastError ? ` · último erro: ${rtg.lastError}` : ''}.
        </p>
      )}
      <Alert text={error} />
      <p role="status" className="hint">
        {notice}
      </p>
      <div className="filters">
        <fieldset className="inline">
          <legend>Situação</legend>
          {FILTERS.map((f) => (
            <label key={f.value}>
              <input type="radio" name="sync-filter" value={f.value} checked={filter === f.value} onChange={() => setFilter(f.value)} /> {f.label}
            </label>
          ))}
        </fieldset>
        <button type="button" onClick={() => void resend()} disabled={rows.every((r) => r.status === 'sending' || r.waitingPrevious)}>
          Reenviar todas
        </button>
      </div>
      <table aria-label="Operações de sincronização">
        <thead>
          <tr>
            <th scope="col">Venda</th>
            <th scope="col">Cliente</th>
            <th scope="col">Operação</th>
            <th scope="col">Situação</th>
            <th scope="col" className="num">
              Tentativas
            </th>
            <th scope="col">Próxima tentativa</th>
            <th scope="col">Último erro</th>
            <th scope="col">Ações</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const what = `${r.route}, venda ${r.saleNumber ?? '—'}`;
            return (
              <tr key={r.id} data-op-id={r.opId}>
                <td id={`sync-op-${r.id}`}>{r.saleNumber ?? '—'}</td>
                <td>{r.customer ?? '—'}</td>
                <td>{r.route}</td>
                <td className={`sync-status-${r.status}`}>{STATUS[r.status]}</td>
                <td className="num">{r.attempts}</td>
                <td className="nowrap">{nextAttempt(r)}</td>
                <td className="error">{r.lastError ?? '—'}</td>
                <td>
                  <div className="actions">
                    {(r.status === 'retrying' || r.status === 'attention') && !r.waitingPrevious && (
                      <button type="button" title={`Reenviar agora: ${what}`} onClick={() => void resend(r.id)}>
                        Reenviar agora
                      </button>
                    )}
                    {r.status !== 'sending' && (
                      <button type="button" title={`Descartar: ${what}`} onClick={() => setDiscarding(r)}>
                        Descartar
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={8}>Nenhuma operação pendente. Tudo sincronizado.</td>
            </tr>
          )}
        </tbody>
      </table>
      {total > rows.length && <p className="hint">Mostrando {rows.length} de {total} operações (as mais antigas primeiro).</p>}
      <KeepDaysForm />
      {discarding && (
        <DiscardDialog
          item={discarding}
          onClose={(done) => {
            setDiscarding(null);
            if (done) {
              setNotice(`Operação ${discarding.route} da venda ${discarding.saleNumber ?? '—'} descartada.`);
              void load();
            }
          }}
        />
      )}
    </div>
  );
}
