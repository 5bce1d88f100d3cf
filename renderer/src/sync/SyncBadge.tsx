import { useEffect } from 'react';
import { useNav } from '../navStore';
import { timeOf } from '../ui/format';
import { useHostLink } from '../ui/useHostLink';
import { hubState, pendingOf, retaguardaState, useSync } from './syncStore';
import './sync.css';

/**
 * Top bar, beside the print queue: "Online" / "Sem conexão com o Hub", how many
 * operations wait to be sent, the last error in the tooltip. Live through the
 * `outbox.changed` event; a click opens "Sincronização".
 */
export function SyncBadge() {
  const summary = useSync((s) => s.summary);
  const link = useHostLink();
  useEffect(() => useSync.getState().start(), []);
  // The Balcão back (the socket reopened): what the badge shows is read again, never kept from before.
  useEffect(() => {
    if (link === 'online') void useSync.getState().refresh();
  }, [link]);
  if (link !== 'online') return <HostDown link={link} />;
  const hub = hubState(summary);
  const rtg = retaguardaState(summary);
  const rtgDown = rtg !== null && !rtg.online;
  const pending = pendingOf(summary);
  const attention = summary?.attention ?? 0;
  const tooltip = [
    hub.online ? 'Hub Fidelidade: conectado.' : 'Hub Fidelidade: sem conexão.',
    hub.lastError ? `Último erro${hub.lastErrorAt ? ` (${timeOf(hub.lastErrorAt)})` : ''}: ${hub.lastError}` : null,
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

/**
 * This screen no longer reaches the Balcão: never "Online" from before. 'offline': the program is closed or
 * restarting (the screen reconnects by itself); 'expired': it was restarted and this page must be opened again.
 */
function HostDown({ link }: { link: 'offline' | 'expired' }) {
  const text = link === 'expired' ? 'Balcão reiniciado: abra o novo endereço de acesso' : 'Sem conexão com o Balcão';
  const tooltip =
    link === 'expired'
      ? 'O Balcão foi reiniciado. Abra o endereço de acesso mostrado no terminal em que ele foi iniciado.'
      : 'O programa Balcão não responde (fechado ou reiniciando). A tela reconecta sozinha quando ele voltar.';
  return (
    <div className="sync-badge" role="region" aria-label="Sincronização com o Hub">
      <span className="offline host-down" title={tooltip} data-testid="sync-badge">
        <span className="sync-dot" aria-hidden="true" />
        <span data-testid="sync-status" role="status">
          {text}
        </span>
      </span>
    </div>
  );
}
