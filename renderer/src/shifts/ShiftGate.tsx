import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatBRL, parseMoney } from '../../../shared/money';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { useUsers } from '../users/store';
import { ClosingResult } from './ClosingResult';
import { useShift } from './store';
import '../reports/backoffice.css';

/**
 * No sale before "Abertura de caixa": until a shift is open, this screen
 * replaces the app (the core refuses sales too). A shift left open by a crash
 * is simply resumed.
 */
/** After reading the closing result: the session ended with the shift, so the next shift starts at the login. */
function continueAfterClosing(): void {
  useShift.getState().dismissClosed();
  useUsers.getState().hold(false);
  void useUsers.getState().load();
}

export function ShiftGate({ children }: { children: ReactNode }) {
  const { loaded, shift, lastClosed, error } = useShift();
  useEffect(() => {
    void useShift.getState().load();
  }, []);
  if (!loaded) return null;
  if (shift) return <>{children}</>;
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Balcão</span>
      </header>
      <main className="screen" aria-label={lastClosed ? 'Fechamento de caixa' : 'Abertura de caixa'}>
        {lastClosed ? <ClosingResult shift={lastClosed} onContinue={continueAfterClosing} /> : <OpenShift loadError={error} />}
      </main>
    </div>
  );
}

function OpenShift({ loadError }: { loadError: string | null }) {
  const [error, setError] = useState<string | null>(loadError);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    document.body.dataset.ready = 'true';
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = (new FormData(e.currentTarget).get('float') as string).trim();
    const cents = text === '' ? 0 : parseMoney(text);
    if (cents === null || cents < 0) {
      setError(`Fundo de troco inválido: "${text}". Digite o valor em reais (ex.: 100,00) ou deixe 0,00.`);
      input.current?.focus();
      return;
    }
    setBusy(true);
    const r = await call('shifts.open', { floatCents: cents });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    useShift.getState().set(r.value);
  };

  return (
    <div className="page gate">
      <form className="bo-form bo-panel" onSubmit={submit} aria-labelledby="open-shift-title">
        <h1 id="open-shift-title">Abertura de caixa</h1>
        <p className="hint">Conte o dinheiro da gaveta antes de começar a vender.</p>
        <label>
          Fundo de troco
          <input ref={input} name="float" inputMode="decimal" defaultValue={formatBRL(0).replace('R$ ', '')} autoComplete="off" />
        </label>
        <Alert text={error} />
        <button type="submit" className="primary" disabled={busy}>
          Abrir caixa
        </button>
      </form>
    </div>
  );
}
