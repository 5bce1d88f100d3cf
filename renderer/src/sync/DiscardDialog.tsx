import { useState } from 'react';
import type { OutboxItem } from '../../../shared/api/outbox';
import { call } from '../bridge';
import { Dialog, FormActions } from '../ui/Dialog';

/** "Descartar": the partner will never hear about this operation; a reason is required and recorded with the operator. */
export function DiscardDialog({ item, onClose }: { item: OutboxItem; onClose: (done: boolean) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (reason.trim().length < 3) return setError('Informe o motivo do descarte (mínimo 3 caracteres).');
    setBusy(true);
    const r = await call('outbox.discard', { id: item.id, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onClose(true);
  };
  return (
    <Dialog title="Descartar operação" onClose={() => onClose(false)}>
      <p>
        {item.route} da venda {item.saleNumber ?? '—'}
        {item.customer ? ` (CPF ${item.customer})` : ''} não será enviada ao parceiro. Esta decisão fica registrada com o seu nome.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <label>
          Motivo do descarte
          <textarea data-autofocus value={reason} maxLength={200} rows={3} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
        </label>
        <FormActions error={error} submit="Confirmar descarte" busy={busy} onCancel={() => onClose(false)} />
      </form>
    </Dialog>
  );
}
