import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatDecimalBR } from '../../../shared/money';
import { readMoney } from '../../../shared/money-input';
import { MoneyInput } from '../ui/MoneyInput';
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
    const text = new FormData(e.currentTarget).get('float') as string;
    const read = readMoney(text);
    if (!read.ok) {
      setError(`Fundo de troco inválido. ${read.message} Se a gaveta está vazia, digite 0,00.`);
      input.current?.focus();
      return;
    }
    const cents = read.cents;
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
          <MoneyInput ref={input} name="float" defaultValue={formatDecimalBR(0)} />
        </label>
        <Alert text={error} />
        <button type="submit" className="primary" disabled={busy}>
          Abrir caixa
        </button>
      </form>
    </div>
  );
}
