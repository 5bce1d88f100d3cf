import { useEffect, useState, type FormEvent } from 'react';
import type { ShiftMovement } from '../../../shared/api/shifts';
import { formatBRL, when } from '../ui/format';
import { readMoney } from '../../../shared/money-input';
import { MoneyInput } from '../ui/MoneyInput';
import { call } from '../bridge';
import { Alert, Dialog, FormActions } from '../ui/Dialog';
import { useUsers } from '../users/store';
import { useShift } from './store';
import '../reports/backoffice.css';

type Kind = ShiftMovement['kind'];
const KIND_LABEL: Record<Kind, string> = { suprimento: 'Suprimento', sangria: 'Sangria' };

/** "Caixa": the open shift, "Suprimento", "Sangria" and "Fechamento de caixa". */
export function ShiftScreen() {
  const shift = useShift((s) => s.shift);
  const [dialog, setDialog] = useState<Kind | null>(null);
  const [closing, setClosing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void useShift.getState().load();
  }, []);

  if (!shift) return null;
  if (closing) return <CloseShift onCancel={() => setClosing(false)} />;
  return (
    <div className="page">
      <h1>Caixa</h1>
      <div className="bo-panel">
        <p>
          Caixa nº {shift.id} aberto em {when(shift.openedAt)} por {shift.openedBy} · Fundo de troco {formatBRL(shift.floatCents)} ·{' '}
          {shift.salesCount} venda(s)
        </p>
        <div className="bo-actions">
          <button type="button" onClick={() => setDialog('suprimento')}>
            Suprimento
          </button>
          <button type="button" onClick={() => setDialog('sangria')}>
            Sangria
          </button>
          <button type="button" className="primary" onClick={() => setClosing(true)}>
            Fechamento de caixa
          </button>
        </div>
        <p role="status">{notice}</p>
      </div>
      <table aria-label="Movimentos do caixa" className="bo-panel">
        <thead>
          <tr>
            <th scope="col">Hora</th>
            <th scope="col">Tipo</th>
            <th scope="col">Motivo</th>
            <th scope="col" className="num">Valor</th>
          </tr>
        </thead>
        <tbody>
          {shift.movements.map((m) => (
            <tr key={m.id}>
              <td>{when(m.createdAt)}</td>
              <td>{KIND_LABEL[m.kind]}</td>
              <td>{m.reason}</td>
              <td className="num">{formatBRL(m.amountCents)}</td>
            </tr>
          ))}
          {shift.movements.length === 0 && (
            <tr>
              <td colSpan={4}>Nenhum suprimento ou sangria neste caixa.</td>
            </tr>
          )}
        </tbody>
      </table>
      {dialog && (
        <MovementDialog
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={(amount) => {
            setNotice(`${KIND_LABEL[dialog]} de ${formatBRL(amount)} registrado. Comprovante enviado para a impressora.`);
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}

function MovementDialog({ kind, onClose, onDone }: { kind: Kind; onClose: () => void; onDone: (amount: number) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (data.get('amount') as string).trim();
    const reason = (data.get('reason') as string).trim();
    const read = readMoney(text);
    if (!read.ok) return setError(read.message);
    const cents = read.cents;
    if (cents <= 0) return setError(`Valor inválido: "${text}". Digite um valor maior que zero (ex.: 50,00).`);
    if (reason.length < 2) return setError('Informe o motivo (ex.: depósito no cofre).');
    const r = await call('shifts.movement', { kind, amountCents: cents, reason });
    if (!r.ok) return setError(r.error.message);
    useShift.getState().set(r.value);
    onDone(cents);
  };
  return (
    <Dialog title={KIND_LABEL[kind]} onClose={onClose}>
      <form className="bo-form" onSubmit={submit}>
        <label>
          Valor
          <MoneyInput name="amount" data-autofocus />
        </label>
        <label>
          Motivo
          <input name="reason" maxLength={120} autoComplete="off" />
        </label>
        <FormActions error={error} submit="Confirmar" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

interface Info {
  forms: { formCode: number; formName: string }[];
  pendingSync: number;
  toleranceCents: number;
  approvalAvailable: boolean;
}

/** Blind count: the cashier types what is in the drawer per form; the expected figures appear only after closing. */
function CloseShift({ onCancel }: { onCancel: () => void }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needPin, setNeedPin] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('shifts.closingInfo', {}).then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!info) return;
    const data = new FormData(e.currentTarget);
    const counted: { formCode: number; countedCents: number }[] = [];
    for (const f of info.forms) {
      const text = ((data.get(`form-${f.formCode}`) as string) ?? '').trim();
      const read = readMoney(text);
      if (!read.ok) {
        // A blank count is not R$ 0,00: the cashier types 0,00 when there is nothing of this form.
        setError(text === '' ? `${f.formName}: digite o valor contado (0,00 se não há nada desta forma).` : `${f.formName}: ${read.message}`);
        document.getElementById(`count-${f.formCode}`)?.focus();
        return;
      }
      counted.push({ formCode: f.formCode, countedCents: read.cents });
    }
    const pin = ((data.get('pin') as string | null) ?? '').trim();
    setBusy(true);
    const r = await call('shifts.close', { counted, managerPin: pin || undefined });
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === 'shift.needsManager' || r.error.code === 'shift.badManagerPin') setNeedPin(true);
      return setError(r.error.message);
    }
    // Closing ends the session in the core: the result stays on screen, then "Continuar" goes to the login.
    useUsers.getState().hold(true);
    useShift.getState().closed(r.value);
  };

  return (
    <div className="page">
      <h1>Fechamento de caixa</h1>
      {info && info.pendingSync > 0 && (
        <p className="warn" role="note">
          Atenção: {info.pendingSync} operação(ões) ainda aguardando sincronização com os parceiros. Você pode fechar o caixa; elas
          continuam sendo enviadas.
        </p>
      )}
      {info && (
        <form className="bo-form bo-panel" onSubmit={submit} aria-label="Contagem do caixa">
          <p className="hint">Conte o que está na gaveta e nos comprovantes e digite cada valor. Os valores esperados aparecem depois do fechamento.</p>
          {info.forms.map((f) => (
            <label key={f.formCode} htmlFor={`count-${f.formCode}`}>
              {f.formName}
              <MoneyInput id={`count-${f.formCode}`} name={`form-${f.formCode}`} />
            </label>
          ))}
          {needPin && (
            <label>
              PIN do gerente
              <input name="pin" type="password" inputMode="numeric" autoComplete="off" autoFocus />
            </label>
          )}
          <FormActions error={error} submit="Fechar caixa" busy={busy} onCancel={onCancel} cancel="Voltar" />
        </form>
      )}
      {!info && <Alert text={error} />}
    </div>
  );
}
