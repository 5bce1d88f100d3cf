import { useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../../shared/api';
import type { Sale, SaleLine } from '../../../shared/api/sales';
import { formatBRL, formatDecimalBR } from '../../../shared/money';
import { MoneyInput } from '../ui/MoneyInput';
import { Alert, Dialog } from '../ui/Dialog';
import { formatQuantity, isWholeQuantity, parseQuantity } from '../../../shared/quantity';
import { parseDiscount } from './discount';
import { useSale } from './store';

/** F3: new quantity for the selected line. */
export function QuantityDialog({ line, onClose }: { line: SaleLine; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  /** A quantity already warned about as large: Enter again on it confirms. */
  const warned = useRef<number | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = new FormData(e.currentTarget).get('quantity') as string;
    const parsed = parseQuantity(text);
    if (!parsed.ok) return setError(parsed.message);
    const quantity = parsed.thousandths;
    if (quantity > 99_999_000) return setError('Quantidade acima do limite: use até 99.999.');
    if (!line.fractional && !isWholeQuantity(quantity)) return setError(`Este produto é vendido por unidade (${line.unit}): informe uma quantidade inteira.`);
    const confirmLarge = warned.current === quantity;
    const r = await useSale.getState().mutate('sales.setQuantity', { lineId: line.id, quantity, ...(confirmLarge ? { confirmLarge } : {}) });
    if (r.ok) return onClose();
    warned.current = r.error.code === 'line.needsConfirmation' ? quantity : null;
    setError(r.error.message);
  };
  return (
    <Dialog title="Alterar quantidade" onClose={onClose}>
      <p className="dialog-sub">
        Item {line.order} — {line.description}
      </p>
      <form onSubmit={submit}>
        <label htmlFor="qty-input">{line.fractional ? `Quantidade (${line.unit.toLowerCase()})` : 'Quantidade'}</label>
        <input id="qty-input" name="quantity" data-autofocus defaultValue={formatQuantity(line.quantity, line.fractional)} inputMode="decimal" autoComplete="off" />
        <Alert text={error} />
        <FormActions submitLabel="Confirmar" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** A dialog form's buttons: the primary submit and "Cancelar". */
export function FormActions({ submitLabel, onCancel, cancelLabel = 'Cancelar' }: { submitLabel: string; onCancel: () => void; cancelLabel?: string }) {
  return (
    <div className="actions">
      <button type="submit" className="primary">
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}

/** F4 (item) / F5 (sale): "5,00" = R$ 5,00; "10%" = 10 %. */
export function DiscountDialog(props: { target: 'item'; line: SaleLine; onClose: () => void } | { target: 'sale'; onClose: () => void }) {
  const { onClose } = props;
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = (new FormData(e.currentTarget).get('discount') as string).trim();
    const parsed = parseDiscount(text);
    if (!parsed.ok) return setError(parsed.message);
    const d = parsed.value;
    let r: Result<Sale>;
    if (props.target === 'item') r = await useSale.getState().mutate('sales.setLineDiscount', { lineId: props.line.id, ...d });
    else r = await useSale.getState().mutate('sales.setSaleDiscount', d);
    if (r.ok) onClose();
    else setError(r.error.message);
  };
  const sale = useSale.getState().sale;
  const current = props.target === 'item' ? props.line.discountCents : (sale?.totals.saleDiscountCents ?? 0);
  return (
    <Dialog title={props.target === 'item' ? 'Desconto no item' : 'Desconto na venda'} onClose={onClose}>
      {props.target === 'item' && (
        <p className="dialog-sub">
          Item {props.line.order} — {props.line.description} ({formatBRL(props.line.grossCents)})
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="discount-input">Desconto</label>
        <MoneyInput id="discount-input" name="discount" data-autofocus inputMode="text" defaultValue={current ? formatDecimalBR(current) : ''} aria-describedby="discount-hint" />
        <p id="discount-hint" className="hint">
          Em reais: 5,00 · Em percentual: 10% · 0 remove o desconto
        </p>
        <Alert text={error} />
        <FormActions submitLabel="Aplicar desconto" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
