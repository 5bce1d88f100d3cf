import { useEffect, useState } from 'react';
import type { CardRules } from '../../../shared/api/payments';
import { call } from '../bridge';

const FIELDS: [keyof CardRules, string][] = [
  ['brand', 'Bandeira'],
  ['nsu', 'NSU'],
  ['authorization', 'Autorização'],
];

/**
 * "Dados do cartão" in "Pagamentos": which details of the card machine's slip the cashier must type on a
 * Cartão de Crédito/Débito tender (Parcelas: 1 unless typed). Each change is saved at once.
 */
export function CardRulesFieldset() {
  const [rules, setRules] = useState<CardRules | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    void call('payments.cardRules', {}).then((r) => r.ok && setRules(r.value));
  }, []);
  if (!rules) return null;
  const toggle = async (k: keyof CardRules, on: boolean) => {
    const r = await call('payments.saveCardRules', { ...rules, [k]: on });
    if (r.ok) {
      setRules(r.value);
      setStatus('Exigências do cartão salvas.');
    } else setStatus(r.error.message);
  };
  return (
    <fieldset className="full">
      <legend>Dados do cartão obrigatórios (Crédito e Débito)</legend>
      {FIELDS.map(([k, label]) => (
        <label key={k} className="pay-form-option">
          <input type="checkbox" checked={rules[k]} onChange={(e) => void toggle(k, e.target.checked)} /> Exigir {label}
        </label>
      ))}
      {/* Announced, but not a second "status" of the screen: "Salvar configurações" owns that one. */}
      <span aria-live="polite" className="hint">
        {status}
      </span>
    </fieldset>
  );
}
