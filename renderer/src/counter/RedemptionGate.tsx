import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Result } from '../../../shared/api';
import type { PinSentView } from '../../../shared/api/loyalty';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL, formatDecimalBR } from '../../../shared/money';
import { readMoney } from '../../../shared/money-input';
import { MoneyInput } from '../ui/MoneyInput';
import { call } from '../bridge';
import { useSale } from '../sale/store';
import { Alert, Dialog } from '../ui/Dialog';
import { hubFailure, useCounter } from './counterStore';

const RESEND_COOLDOWN_S = 30;
const MAX_PIN_DIGITS = 8;

/**
 * "Efetuar Pagamento" with an identified customer and the hub on: first
 * "Utilização de saldo" (once per sale), then the payment screen (children).
 */
export function LoyaltyPaymentGate({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  const { enabled, customer, loaded } = useCounter();
  const sale = useSale((s) => s.sale);
  const [passed, setPassed] = useState(false);
  if (!loaded) return null;
  // Nothing to redeem (R$ 0,00 available, or a balance the hub could not tell): no "Utilização de saldo" to dismiss.
  const needed = enabled && customer && customer.maxRedeemableCents > 0 && !customer.redemptionDecided && (sale?.payments.length ?? 0) === 0;
  if (!needed || passed) return <>{children}</>;
  return <RedemptionDialog onClose={onClose} onDone={() => setPassed(true)} />;
}

type Stage = { kind: 'balance' } | { kind: 'confirm' } | { kind: 'pin'; sent: PinSentView; amountCents: number };

function RedemptionDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const customer = useCounter((s) => s.customer)!;
  const [stage, setStage] = useState<Stage>({ kind: 'balance' });
  const [use, setUse] = useState(false);
  const [amount, setAmount] = useState(formatDecimalBR(customer.maxRedeemableCents));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (r: Result<Sale>) => {
    if (!r.ok) return setError(r.error.message);
    useSale.setState({ sale: r.value });
    await useCounter.getState().refresh();
    onDone();
  };

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!use) return;
    const read = readMoney(amount);
    if (!read.ok) return setError(`Valor a utilizar: ${read.message}`);
    const cents = read.cents;
    if (cents <= 0) return setError('Valor a utilizar inválido: digite um valor maior que zero (ex.: 10,00).');
    if (cents > customer.availableCents) return setError(`O valor passa do saldo disponível (${formatBRL(customer.availableCents)}).`);
    if (cents > customer.maxRedeemableCents) return setError(`O valor passa do total da venda: no máximo ${formatBRL(customer.maxRedeemableCents)}.`);
    setError(null);
    setBusy(true);
    try {
      if (customer.usesPin && !customer.pinValidated) {
        const r = await call('loyalty.counter.sendPin', {});
        if (!r.ok) return setError(hubFailure(r.error).message);
        setStage({ kind: 'pin', sent: r.value, amountCents: cents });
        return;
      }
      await finish(await call('loyalty.counter.redeem', { amountCents: cents }));
    } finally {
      setBusy(false);
    }
  };

  if (stage.kind === 'confirm') {
    return (
      <Dialog key="confirm" title="Continuar sem utilizar saldo" onClose={() => setStage({ kind: 'balance' })}>
        <p>Continuar sem utilizar o saldo de fidelidade?</p>
        <Alert text={error} />
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-autofocus
            onClick={async () => {
              const r = await call('loyalty.counter.skipRedemption', {});
              await finish(r);
            }}
          >
            Sim
          </button>
          <button type="button" onClick={() => setStage({ kind: 'balance' })}>
            Não
          </button>
        </div>
      </Dialog>
    );
  }

  if (stage.kind === 'pin') {
    return (
      <PinDialog
        sent={stage.sent}
        onValid={async () => finish(await call('loyalty.counter.redeem', { amountCents: stage.amountCents }))}
        onBack={(message) => {
          setError(message);
          setStage({ kind: 'balance' });
        }}
      />
    );
  }

  return (
    <Dialog key="balance" title="Utilização de saldo" onClose={onClose}>
      <form onSubmit={send}>
        <dl className="figures">
          <dt id="red-available">Saldo disponível</dt>
          <dd>
            <output aria-labelledby="red-available">{formatBRL(customer.availableCents)}</output>
          </dd>
        </dl>
        <label className="check">
          <input type="checkbox" checked={use} data-autofocus onChange={(e) => setUse(e.target.checked)} /> Utilizar Saldo
        </label>
        <label htmlFor="red-amount">Valor a utilizar</label>
        <MoneyInput id="red-amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <p className="hint">No máximo {formatBRL(customer.maxRedeemableCents)} (saldo disponível e total da venda).</p>
        <Alert text={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={!use || busy}>
            Enviar
          </button>
          <button type="button" onClick={() => (setError(null), setStage({ kind: 'confirm' }))}>
            Continuar sem utilizar saldo
          </button>
          <button type="button" onClick={onClose}>
            Fechar
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Validação do PIN": at most 8 digits; 3 wrong → back; "Reenviar PIN" after 30 s. */
function PinDialog({ sent: first, onValid, onBack }: { sent: PinSentView; onValid: () => Promise<void>; onBack: (message: string) => void }) {
  const [sent, setSent] = useState(first);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentAt, setSentAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const inputRef = useRef<HTMLInputElement>(null);
  const wait = Math.max(0, RESEND_COOLDOWN_S - Math.floor((now - sentAt) / 1000));

  useEffect(() => {
    if (wait === 0) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [wait]);

  const validate = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{1,8}$/.test(pin)) return setError('Digite o PIN: somente números, no máximo 8 dígitos.');
    setBusy(true);
    const r = await call('loyalty.counter.validatePin', { pin });
    setBusy(false);
    if (!r.ok) return setError(hubFailure(r.error).message);
    if (r.value.valid) return onValid();
    if (r.value.exhausted) return onBack('PIN inválido 3 vezes. Envie um novo PIN ou continue sem utilizar o saldo.');
    setPin('');
    setError(`PIN inválido. Tentativa ${r.value.attempts} de 3.`);
    inputRef.current?.focus();
  };

  const resend = async () => {
    setBusy(true);
    const r = await call('loyalty.counter.sendPin', {});
    setBusy(false);
    if (!r.ok) return setError(hubFailure(r.error).message);
    setSent(r.value);
    setSentAt(Date.now());
    setNow(Date.now());
    setError(null);
    inputRef.current?.focus();
  };

  return (
    <Dialog key="pin" title="Validação do PIN" onClose={() => onBack('')}>
      <p role="status">
        PIN enviado por {sent.channel === 'SMS' ? 'SMS' : 'e-mail'} para {sent.destinationMasked}
      </p>
      <form onSubmit={validate}>
        <label htmlFor="pin-input">PIN</label>
        <input
          id="pin-input"
          ref={inputRef}
          data-autofocus
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={MAX_PIN_DIGITS}
          value={pin}
          onChange={(e) => {
            const digits = e.target.value.replace(/\D/g, '');
            if (digits.length > MAX_PIN_DIGITS) setError('O PIN tem no máximo 8 dígitos.');
            else if (digits !== e.target.value) setError('O PIN tem somente números.');
            setPin(digits.slice(0, MAX_PIN_DIGITS));
          }}
        />
        <Alert text={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Validar
          </button>
          <button type="button" disabled={busy || wait > 0} onClick={() => void resend()}>
            Reenviar PIN{wait > 0 ? ` (${wait} s)` : ''}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
