import { useEffect, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { addDays, formatDate, maskDate, readOptionalDate } from '../../../shared/date-input';
import './date-field.css';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange' | 'type'> & {
  id: string;
  /** Controlled use: the ISO date ('' = none) and what to do with a new valid one. */
  value?: string;
  onChange?: (iso: string) => void;
};

/**
 * Every date field: a text field that shows and takes dd/mm/aaaa in any browser (never the browser's
 * mm/dd/yyyy picker). Digits get their slashes while typed; ↑/↓ move a valid date by a day; an
 * impossible date keeps its text with a pt-BR message and is never passed on. Read an uncontrolled
 * field's text (form `name`) with readOptionalDate (shared/date-input.ts), the same reader.
 */
export function DateField({ id, value, onChange, onBlur, onKeyDown, className, ...rest }: Props) {
  const [text, setText] = useState(() => formatDate(value ?? ''));
  const [error, setError] = useState<string | null>(null);
  const emitted = useRef(value ?? '');

  useEffect(() => {
    // A new date from outside (a shortcut like "Hoje") replaces what is shown.
    if (value !== undefined && value !== emitted.current) {
      emitted.current = value;
      setText(formatDate(value));
      setError(null);
    }
  }, [value]);

  const take = (shown: string, final: boolean) => {
    setText(shown);
    const r = readOptionalDate(shown);
    if (r.ok) {
      setError(null);
      if (r.iso !== emitted.current) {
        emitted.current = r.iso;
        onChange?.(r.iso);
      }
    } else if (final || shown.length >= 10) setError(r.message);
    else setError(null);
  };

  const keys = (e: KeyboardEvent<HTMLInputElement>) => {
    onKeyDown?.(e);
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const r = readOptionalDate(text);
    if (!r.ok || !r.iso) return;
    e.preventDefault();
    take(formatDate(addDays(r.iso, e.key === 'ArrowUp' ? 1 : -1)), true);
  };

  return (
    <span className="date-field">
      <input
        {...rest}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="dd/mm/aaaa"
        maxLength={10}
        className={className ? `date-input ${className}` : 'date-input'}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => take(maskDate(e.target.value), false)}
        onBlur={(e) => {
          take(text, true);
          onBlur?.(e);
        }}
        onKeyDown={keys}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
