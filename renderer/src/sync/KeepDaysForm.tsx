import { useEffect, useState } from 'react';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';

/** How long delivered operations stay as history before they are pruned. */
export function KeepDaysForm() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    void call('outbox.getSettings', {}).then((r) => r.ok && setValue(String(r.value.keepDays)));
  }, []);
  const save = async () => {
    setSaved(null);
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n < 1 || n > 3650) return setError('Informe um número inteiro de dias entre 1 e 3650.');
    const r = await call('outbox.saveSettings', { keepDays: n });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSaved(`Histórico mantido por ${r.value.keepDays} ${r.value.keepDays === 1 ? 'dia' : 'dias'}.`);
  };
  return (
    <form
      className="keep-days"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        Manter operações entregues por (dias)
        <input inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit">Salvar histórico</button>
      <Alert text={error} />
      <p role="status" className="hint">
        {saved}
      </p>
    </form>
  );
}
