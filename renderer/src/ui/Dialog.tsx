import { useEffect, useId, useRef, type ReactNode } from 'react';

/** True while a modal dialog is open: screen-level keys are ignored then. */
export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the
 * page inert (focus stays inside), Esc closes. The element marked
 * `data-autofocus` gets the focus (and its text selected) when it opens.
 * Callers put the focus back where it belongs after `onClose`.
 */
export function Dialog({ title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const d = ref.current!;
    const handleClose = () => onCloseRef.current();
    // Esc: close now (not on React's next render) so a key pressed right after
    // Esc already reaches the screen; the 'close' event then tells the owner.
    const handleCancel = (e: Event) => {
      e.preventDefault();
      d.close();
    };
    d.addEventListener('close', handleClose);
    d.addEventListener('cancel', handleCancel);
    if (!d.open) d.showModal();
    const first = d.querySelector<HTMLElement>('[data-autofocus]');
    if (first) {
      first.focus();
      if (first instanceof HTMLInputElement) first.select();
    }
    return () => {
      d.removeEventListener('close', handleClose);
      d.removeEventListener('cancel', handleCancel);
      if (d.open) d.close();
    };
  }, []);

  return (
    <dialog ref={ref} aria-labelledby={titleId} className={`dialog ${className ?? ''}`}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** An error/warning line inside a dialog or screen (announced by screen readers). */
export function Alert({ text }: { text: string | null }) {
  return (
    <p role="alert" className="alert">
      {text}
    </p>
  );
}
