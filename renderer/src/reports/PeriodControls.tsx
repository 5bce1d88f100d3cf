import { useId } from 'react';
import { SHORTCUTS, shortcut, type Period } from './period';

/** "Período": De / Até dates and the shortcuts Hoje, Ontem, 7 dias, Mês. */
export function PeriodControls({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const id = useId();
  return (
    <fieldset className="period">
      <legend>Período</legend>
      <label htmlFor={`${id}-from`}>De</label>
      <input id={`${id}-from`} type="date" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
      <label htmlFor={`${id}-to`}>Até</label>
      <input id={`${id}-to`} type="date" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
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
