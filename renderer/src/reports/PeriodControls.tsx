import { useId } from 'react';
import { DateField } from '../ui/DateField';
import { SHORTCUTS, shortcut, type Period } from './period';

/** "Período": De / Até dates and the shortcuts Hoje, Ontem, 7 dias, Mês. */
export function PeriodControls({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const id = useId();
  return (
    <fieldset className="period">
      <legend>Período</legend>
      <label htmlFor={`${id}-from`}>De</label>
      <DateField id={`${id}-from`} value={value.from} onChange={(from) => onChange({ ...value, from })} />
      <label htmlFor={`${id}-to`}>Até</label>
      <DateField id={`${id}-to`} value={value.to} onChange={(to) => onChange({ ...value, to })} />
      <span role="group" aria-label="Atalhos do período" className="shortcuts">
        {SHORTCUTS.map((s) => (
          <button key={s} type="button" onClick={() => onChange(shortcut(s))}>
            {s}
          </button>
        ))}
      </span>
    </fieldset>
  );
}
