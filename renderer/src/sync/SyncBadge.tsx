import { useEffect } from 'react';
import { useNav } from '../navStore';
import { hubState, pendingOf, retaguardaState, useSync } from './syncStore';
import './sync.css';

/**
 * Top bar, beside the print queue: "Online" / "Sem conexão com o Hub", how many
 * operations wait to be sent, the last error in the tooltip. Live through the
 * `outbox.changed` event; a click opens "Sincronização".
 */
export function SyncBadge() {
  const summary = useSync((s) => s.summary);
  useEffect(() => useSync.getState().start(), []);
  const hub = hubState(summary);
  const rtg = retaguardaState(summary);
  const rtgDown = rtg !== null && !rtg.online;
  const pending = pendingOf(summary);
  const attention = summary?.attention ?? 0;
  const tooltip = [
    hub.online ? 'Hub Fidelidade: conectado.' : 'Hub Fidelidade: sem conexão.',
    hub.lastError ? `Último erro${hub.lastErrorAt ? ` (${new Date(hub.lastErrorAt).toLocaleTimeString('pt-BR')})` : ''}: ${hub.lastError}` : null,
    rtgDown ? `Retaguarda: sem conexão${rtg.lastError ? ` (${rtg.lastError})` : ''}.` : null,
    pending > 0 ? 'As operações pendentes serão enviadas automaticamente quando a conexão voltar.' : null,
    'Clique para abrir Sincronização.',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className="sync-badge" role="region" aria-label="Sincronização com o Hub">
      <button
        type="button"
        className={hub.online ? 'online' : 'offline'}
        title={tooltip}
        data-testid="sync-badge"
        onClick={() => useNav.getState().go('sync')}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span data-testid="sync-status">{hub.online ? 'Online' : 'Sem conexão com o Hub'}</span>
        {rtgDown && (
          <span className="sync-count attention" data-testid="sync-retaguarda">
            Sem conexão com a retaguarda
          </span>
        )}
        {pending > 0 && (
          <span className="sync-count" data-testid="sync-pending">
            {pending} pendente{pending > 1 ? 's' : ''}
          </span>
        )}
        {attention > 0 && (
          <span className="sync-count attention" data-testid="sync-attention">
            {attention} com atenção
          </span>
        )}
      </button>
    </div>
  );
}
