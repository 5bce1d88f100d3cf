import { useState } from 'react';
import type { Result } from '../../../shared/api';
import { Alert, Dialog } from './Dialog';

interface ConfirmProps {
  title: string;
  question: string;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => Promise<Result<unknown>>;
  onClose: () => void;
}

/**
 * Yes/no before an action that cannot be taken back (remove an item, cancel a sale, deactivate a user,
 * change a role): the focus on the confirming button (Enter confirms), Esc or the other button goes back.
 * A refusal from the core stays in the dialog with its message.
 */
export function ConfirmDialog({ title, question, confirmLabel, cancelLabel = 'Cancelar', onConfirm, onClose }: ConfirmProps) {
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    const r = await onConfirm();
    if (r.ok) onClose();
    else setError(r.error.message);
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{question}</p>
      <Alert text={error} />
      <div className="actions">
        <button type="button" className="danger" data-autofocus onClick={confirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onClose}>
          {cancelLabel}
        </button>
      </div>
    </Dialog>
  );
}
