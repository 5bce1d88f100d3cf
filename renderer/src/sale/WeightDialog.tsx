import { useRef, useState, type FormEvent } from 'react';
import { formatBRL } from '../ui/format';
import { lineTotalCents, parseQuantity } from '../../../shared/quantity';
import { Alert, Dialog } from '../ui/Dialog';
import { FormActions } from './dialogs';
import { useSale, weighingFrom, type Weighing } from './store';

/**
 * A product sold by weight that the scale did not weigh (no scale, or no answer): the cashier types
 * "Peso (kg)" (or the quantity in its unit: L, M…), or tries "Ler balança" again.
 */
export function WeightDialog({ weighing, onClose }: { weighing: Weighing; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const warned = useRef<number | null>(null);
  const unit = weighing.unit.toLowerCase();
  const label = weighing.unit.toUpperCase() === 'KG' ? 'Peso (kg)' : `Quantidade (${unit})`;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = parseQuantity(new FormData(e.currentTarget).get('weight') as string);
    if (!parsed.ok) return setError(parsed.message);
    const quantity = parsed.thousandths;
    if (quantity > 99_999_000) return setError('Quantidade acima do limite: use até 99.999.');
    const confirmLarge = warned.current === quantity;
    const r = await useSale.getState().mutate('sales.addProduct', { code: weighing.productCode, quantity, ...(confirmLarge ? { confirmLarge } : {}) });
    if (r.ok) return onClose();
    warned.current = r.error.code === 'line.needsConfirmation' ? quantity : null;
    setError(r.error.message);
  };

  const readScale = async () => {
    const r = await useSale.getState().mutate('sales.addProduct', { code: weighing.productCode });
    if (r.ok) return onClose();
    setError(weighingFrom(r.error)?.reason ?? r.error.message);
  };

  return (
    <Dialog title="Informar peso" onClose={onClose}>
      <p className="dialog-sub">
        {weighing.description} — {formatBRL(weighing.priceCents)}/{unit}
      </p>
      <p className="dialog-sub">{weighing.reason}</p>
      <form onSubmit={submit}>
        <label htmlFor="weight-input">{label}</label>
        <input
          id="weight-input"
          name="weight"
          data-autofocus
          inputMode="decimal"
          autoComplete="off"
          placeholder="0,350"
          onChange={(e) => {
            const q = parseQuantity(e.currentTarget.value);
            setPreview(q.ok ? formatBRL(lineTotalCents(q.thousandths, weighing.priceCents)) : null);
          }}
        />
        <p aria-live="polite">{preview ? `Total do item: ${preview}` : '\u00a0'}</p>
        <Alert text={error} />
        <FormActions submitLabel="Incluir" onCancel={onClose} />
        {weighing.unit.toUpperCase() === 'KG' && (
          <button type="button" onClick={() => void readScale()}>
            Ler balança
          </button>
        )}
      </form>
    </Dialog>
  );
}
