import { useEffect, useId, useRef, type ReactNode } from 'react';

/** True while a modal dialog is open: screen-level keys are ignored then. */
export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/**
 * Puts the caret (the document's selection) into a focused text field.
 *
 * When a modal <dialog> closes, Chromium gives the focus back to the element
 * focused before showModal() WITHOUT moving the selection there: the field
 * looks focused and gets keydown, but the caret stays in the closed dialog's
 * field, so typed text goes nowhere (a scanner read right after Esc was lost).
 * Setting the selection range on the focused field moves the caret into it.
 */
function placeCaret(el: Element | null): void {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el !== document.activeElement) return;
  if (el instanceof HTMLInputElement && !['text', 'search', 'tel', 'url', 'password'].includes(el.type)) return;
  const end = el.value.length;
  el.setSelectionRange(end, end);
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
 * `data-autofocus` (else the primary button, else the first control) gets the
 * focus (and its text selected) when it opens and when its content changes.
 * Callers put the focus back where it belongs after `onClose`.
 */
export function Dialog({ title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const d = ref.current!;
    // Where the focus goes back after closing: the element that had it when the
    // dialog opened, or else (it went away meanwhile) "Código ou EAN" when the
    // sale screen is showing. The owner's onClose may still move it elsewhere.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const restoreFocus = () => {
      const a = document.activeElement;
      let target: Element | null = a;
      if (!(a && a !== document.body && a.isConnected && !d.contains(a))) {
        target = opener?.isConnected ? opener : document.getElementById('scan-input');
        (target as HTMLElement | null)?.focus();
      }
      placeCaret(target);
    };
    let told = false;
    const handleClose = () => {
      if (told) return;
      told = true;
      restoreFocus();
      onCloseRef.current();
    };
    // Esc: close AND tell the owner now. The 'close' event comes in a later task, and a key pressed right
    // after Esc (F8 after dismissing "Cancelar venda") used to reach a screen whose owner still had the
    // dialog open, and was lost; the late 'close' event then finds the owner told.
    const handleCancel = (e: Event) => {
      e.preventDefault();
      d.close();
      handleClose();
    };
    d.addEventListener('close', handleClose);
    d.addEventListener('cancel', handleCancel);
    if (!d.open) d.showModal();
    // The focus goes to the element marked data-autofocus, else the primary button, else the first field or
    // button: never <body>, where Enter does nothing and the screen's keys (F9) are swallowed.
    let autoFocused: HTMLElement | null = null;
    const focusFirst = () => {
      const target =
        d.querySelector<HTMLElement>('[data-autofocus]') ??
        d.querySelector<HTMLElement>('button.primary:not(:disabled)') ??
        d.querySelector<HTMLElement>('input:not(:disabled):not([type="hidden"]), select:not(:disabled), textarea:not(:disabled), button:not(:disabled)');
      if (!target) return;
      target.focus();
      if (target instanceof HTMLInputElement) target.select();
      autoFocused = target;
    };
    focusFirst();
    // The content changes after opening (a list arrives, "Pré-venda nº 1 salva" replaces the question, the
    // customer's figures replace the CPF field): focus left on nothing, or still where we put it while another
    // element now asks for it, moves to the right one. Focus the cashier moved stays where it is.
    const follow = new MutationObserver(() => {
      const a = document.activeElement;
      const lost = a === null || a === document.body || a === d;
      const wanted = d.querySelector<HTMLElement>('[data-autofocus]');
      if (lost || (wanted && a === autoFocused && wanted !== autoFocused)) focusFirst();
    });
    follow.observe(d, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-autofocus', 'disabled'] });
    return () => {
      follow.disconnect();
      d.removeEventListener('close', handleClose);
      d.removeEventListener('cancel', handleCancel);
      if (d.open) d.close();
      // Closed by its owner (unmounted): the focus must not be left on nothing.
      restoreFocus();
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

/**
 * The end of a dialog's form: the refusal (if any), the submit button and the
 * way out ("Cancelar" unless told otherwise). `busy` disables the submit.
 */
export function FormActions({ error, submit, busy, onCancel, cancel = 'Cancelar' }: { error: string | null; submit: string; busy?: boolean; onCancel: () => void; cancel?: string }) {
  return (
    <>
      <Alert text={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submit}
        </button>
        <button type="button" onClick={onCancel}>
          {cancel}
        </button>
      </div>
    </>
  );
}
