import { useEffect, useState, type FormEvent } from 'react';
import type { SalesFilter } from '../../../shared/api/sales-query';
import { usePaymentForms } from '../payments/forms';
import { isValidCpf, onlyDigits } from '../../../shared/cpf';
import { readMoney } from '../../../shared/money-input';
import { MoneyInput } from '../ui/MoneyInput';
import { call } from '../bridge';
import { PeriodControls } from '../reports/PeriodControls';
import { isDate, periodToIso, shortcut, type Period } from '../reports/period';

const STATUS_OPTIONS: [string, string][] = [
  ['', 'Todas'],
  ['finalizada', 'Finalizada'],
  ['cancelada', 'Cancelada'],
  ['prevenda', 'Pré-venda'],
];
const LOYALTY_OPTIONS: [string, string][] = [
  ['', 'Todas'],
  ['bonus', 'Com bônus'],
  ['bonusPending', 'Bônus pendente'],
  ['reversalPending', 'Estorno pendente'],
];

interface Draft {
  period: Period;
  status: string;
  min: string;
  max: string;
  form: string;
  cpf: string;
  number: string;
  operator: string;
  loyalty: string;
}

export const initialDraft = (): Draft => ({ period: shortcut('Hoje'), status: '', min: '', max: '', form: '', cpf: '', number: '', operator: '', loyalty: '' });

/** The draft → the core's filter, or the first pt-BR problem (and the field to focus). */
export function toFilter(d: Draft): { filter: SalesFilter } | { error: string; field: string } {
  if (d.period.from && !isDate(d.period.from)) return { error: 'Período: a data "De" é inválida.', field: 'De' };
  if (d.period.to && !isDate(d.period.to)) return { error: 'Período: a data "Até" é inválida.', field: 'Até' };
  if (d.period.from && d.period.to && d.period.from > d.period.to) return { error: 'Período: a data "De" é depois da data "Até".', field: 'De' };
  const f: SalesFilter = { ...periodToIso(d.period) };
  if (d.status) f.status = d.status as SalesFilter['status'];
  if (d.min.trim()) {
    const v = readMoney(d.min);
    if (!v.ok) return { error: `Valor mínimo: ${v.message}`, field: 'Mínimo' };
    f.minCents = v.cents;
  }
  if (d.max.trim()) {
    const v = readMoney(d.max);
    if (!v.ok) return { error: `Valor máximo: ${v.message}`, field: 'Máximo' };
    f.maxCents = v.cents;
  }
  if (f.minCents !== undefined && f.maxCents !== undefined && f.minCents > f.maxCents) {
    return { error: 'Valor: o mínimo é maior que o máximo.', field: 'Mínimo' };
  }
  if (d.form) f.formCode = Number(d.form) as SalesFilter['formCode'];
  if (d.cpf.trim()) {
    const digits = onlyDigits(d.cpf);
    if (!isValidCpf(digits)) return { error: `CPF inválido: "${d.cpf}". Digite os 11 dígitos (ex.: 123.456.789-09).`, field: 'CPF' };
    f.cpf = digits;
  }
  if (d.number.trim()) {
    const n = Number(d.number.trim());
    if (!Number.isInteger(n) || n < 1) return { error: `Número inválido: "${d.number}". Digite o número da venda (ex.: 15).`, field: 'Número' };
    f.number = n;
  }
  if (d.operator) f.operatorId = Number(d.operator);
  if (d.loyalty) f.loyalty = d.loyalty as SalesFilter['loyalty'];
  return { filter: f };
}

/**
 * Minhas vendas' filters. Selects, dates and shortcuts apply at once; typed
 * fields (Valor, CPF, Número) apply with Enter or "Filtrar".
 */
export function SalesFilters({ onApply }: { onApply: (d: Draft) => void }) {
  const [d, setD] = useState<Draft>(initialDraft);
  const [operators, setOperators] = useState<{ id: number; name: string }[]>([]);
  const forms = usePaymentForms();

  useEffect(() => {
    void call('salesQuery.operators', {}).then((r) => r.ok && setOperators(r.value));
  }, []);

  const apply = (next: Draft) => {
    setD(next);
    onApply(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(d);
  };

  return (
    <form className="sales-filters" aria-label="Filtros" onSubmit={submit}>
      <PeriodControls value={d.period} onChange={(period) => apply({ ...d, period })} />
      <label>
        Status
        <select value={d.status} onChange={(e) => apply({ ...d, status: e.target.value })}>
          {STATUS_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="range">
        <legend>Valor</legend>
        <label>
          Mínimo
          <MoneyInput size={8} value={d.min} onChange={(e) => setD({ ...d, min: e.target.value })} />
        </label>
        <label>
          Máximo
          <MoneyInput size={8} value={d.max} onChange={(e) => setD({ ...d, max: e.target.value })} />
        </label>
      </fieldset>
      <label>
        Forma de pagamento
        <select value={d.form} onChange={(e) => apply({ ...d, form: e.target.value })}>
          <option value="">Todas</option>
          {/* The forms enabled in "Pagamentos", named as on the payment buttons. */}
          {forms.map((f) => (
            <option key={f.code} value={f.code}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        CPF
        <input inputMode="numeric" size={14} value={d.cpf} onChange={(e) => setD({ ...d, cpf: e.target.value })} />
      </label>
      <label>
        Número
        <input inputMode="numeric" size={6} value={d.number} onChange={(e) => setD({ ...d, number: e.target.value })} />
      </label>
      <label>
        Operador
        <select value={d.operator} onChange={(e) => apply({ ...d, operator: e.target.value })}>
          <option value="">Todos</option>
          {operators.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Fidelidade
        <select value={d.loyalty} onChange={(e) => apply({ ...d, loyalty: e.target.value })}>
          {LOYALTY_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        Filtrar
      </button>
    </form>
  );
}
export type { Draft as SalesFilterDraft };
