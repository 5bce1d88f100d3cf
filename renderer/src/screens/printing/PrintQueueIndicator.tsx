import { useEffect, useState } from 'react';
import { usePrint } from './printStore';
import './printing.css';

const STATUS = { queued: 'Na fila', printing: 'Imprimindo', done: 'Impresso', failed: 'Falhou' } as const;

/** Top bar: pending print jobs, the last print message, and "Tentar novamente". */
export function PrintQueueIndicator() {
  const pending = usePrint((s) => s.pending);
  const jobs = usePrint((s) => s.jobs);
  const message = usePrint((s) => s.message);
  const [open, setOpen] = useState(false);

  useEffect(() => usePrint.getState().start(), []);
  // "Impresso" notes fade; a failure stays until its job prints.
  useEffect(() => {
    if (message?.kind !== 'info') return;
    const t = setTimeout(() => usePrint.getState().clear(message), 8000);
    return () => clearTimeout(t);
  }, [message]);

  const waiting = jobs.filter((j) => j.status !== 'done');
  return (
    <div className="print-queue" role="region" aria-label="Fila de impressão">
      <button type="button" aria-expanded={open} aria-controls="print-queue-panel" onClick={() => setOpen(!open)}>
        Impressão:{' '}
        <span className={pending > 0 ? 'pending' : undefined} data-testid="print-pending">
          {pending === 0 ? 'nada pendente' : `${pending} pendente${pending > 1 ? 's' : ''}`}
        </span>
      </button>
      {pending > 0 && (
        <button type="button" onClick={() => void usePrint.getState().retry()}>
          Tentar novamente
        </button>
      )}
      <p role={message?.kind === 'error' ? 'alert' : 'status'} className={`print-message ${message?.kind ?? ''}`}>
        {message?.text ?? ''}
      </p>
      {open && (
        <div id="print-queue-panel" className="print-queue-panel" role="dialog" aria-label="Trabalhos de impressão">
          {waiting.length === 0 && <p>Nenhum comprovante na fila.</p>}
          <ul>
            {waiting.map((j) => (
              <li key={j.id}>
                <strong>{j.title}</strong> — {STATUS[j.status]} ({j.attempts} tentativa{j.attempts === 1 ? '' : 's'})
                {j.lastError && <div className="hint">{j.lastError}</div>}
                {j.status !== 'printing' && (
                  <button type="button" aria-label={`Tentar novamente: ${j.title}`} onClick={() => void usePrint.getState().retry(j.id)}>
                    Tentar novamente
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setOpen(false)}>
            Fechar
          </button>
        </div>
      )}
    </div>
  );
}
