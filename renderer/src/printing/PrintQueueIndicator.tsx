import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePrint } from './printStore';
import './printing.css';

const STATUS = { queued: 'Na fila', printing: 'Imprimindo', done: 'Impresso', failed: 'Falhou' } as const;

/** Top bar: pending print jobs, the last print message, and "Tentar novamente". */
export function PrintQueueIndicator() {
  const pending = usePrint((s) => s.pending);
  const jobs = usePrint((s) => s.jobs);
  const message = usePrint((s) => s.message);
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLDivElement>(null);
  // The panel floats over the screen: a click anywhere else closes it.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!region.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  useEffect(() => usePrint.getState().start(), []);
  // "Impresso" notes fade; a failure stays until its job prints.
  useEffect(() => {
    if (message?.kind !== 'info') return;
    const t = setTimeout(() => usePrint.getState().clear(message), 8000);
    return () => clearTimeout(t);
  }, [message]);

  // The message lives in the app's own bottom row (#app-messages, below the F-key legend), not floating over it.
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => setSlot(document.getElementById('app-messages')), []);

  const waiting = jobs.filter((j) => j.status !== 'done');
  const messageBox = (
    <div className={`print-message ${message?.kind ?? 'empty'}`}>
      <p role={message?.kind === 'error' ? 'alert' : 'status'}>{message?.text ?? ''}</p>
      {message && (
        <button type="button" className="print-message-close" aria-label="Fechar aviso de impressão" onClick={() => usePrint.getState().clear(message)}>
          ×
        </button>
      )}
    </div>
  );
  return (
    <div className="print-queue" role="region" aria-label="Fila de impressão" ref={region}>
      <button type="button" ref={toggle} aria-expanded={open} aria-controls="print-queue-panel" onClick={() => setOpen(!open)}>
        Impressão:{' '}
        <span className={pending > 0 ? 'pending' : undefined} data-testid="print-pending">
          {pending === 0 ? 'ok' : `${pending} pendente${pending > 1 ? 's' : ''}`}
        </span>
      </button>
      {pending > 0 && (
        <button type="button" onClick={() => void usePrint.getState().retry()}>
          Tentar novamente
        </button>
      )}
      {slot ? createPortal(messageBox, slot) : messageBox}
      {open && (
        <div
          id="print-queue-panel"
          className="print-queue-panel"
          role="dialog"
          aria-label="Trabalhos de impressão"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        >
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
          <button type="button" onClick={close}>
            Fechar
          </button>
        </div>
      )}
    </div>
  );
}
