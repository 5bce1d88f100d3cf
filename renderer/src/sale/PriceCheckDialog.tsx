import { useState, type FormEvent } from 'react';
import type { PriceCheck } from '../../../shared/api/catalog';
import { formatBRL } from '../ui/format';
import { quantityWithUnit } from '../../../shared/quantity';
import { call } from '../bridge';
import { Alert, Dialog } from '../ui/Dialog';
import { FormActions } from './dialogs';

/** "Consulta de preço" (Ctrl+K): scan or type a code, see name, price, unit and a label's weight; nothing is added. */
export function PriceCheckDialog({ onClose }: { onClose: () => void }) {
  const [result, setResult] = useState<PriceCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = e.currentTarget.elements.namedItem('code') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    input.select();
    const r = await call('catalog.priceCheck', { text });
    if (r.ok) {
      setResult(r.value);
      setError(null);
    } else {
      setResult(null);
      setError(r.error.message);
    }
  };

  const unit = result ? result.unit.toLowerCase() : '';
  return (
    <Dialog title="Consulta de preço" onClose={onClose}>
      <form onSubmit={submit}>
        <label htmlFor="price-check-input">Código, EAN ou etiqueta</label>
        <input id="price-check-input" name="code" data-autofocus inputMode="numeric" autoComplete="off" />
        <Alert text={error} />
        <div role="status" aria-label="Resultado da consulta">
          {result && (
            <dl className="figures">
              <dt>Produto</dt>
              <dd>{result.description}</dd>
              <dt>Código</dt>
              <dd>{result.code}</dd>
              <dt>Preço</dt>
              <dd>
                {formatBRL(result.priceCents)}
                {result.fractional ? `/${unit}` : ''}
              </dd>
              <dt>Unidade</dt>
              <dd>{result.unit}</dd>
              {result.label && (
                <>
                  <dt>Etiqueta</dt>
                  <dd>
                    {quantityWithUnit(result.label.quantity, result.unit, true)} = {formatBRL(result.label.totalCents)}
                  </dd>
                </>
              )}
            </dl>
          )}
        </div>
        <FormActions submitLabel="Consultar" onCancel={onClose} cancelLabel="Fechar" />
      </form>
    </Dialog>
  );
}
