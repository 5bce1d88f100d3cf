import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeCard } from '../../../shared/card';
import { formatBRL, formatDecimalBR } from '../../../shared/money';
import { readMoney } from '../../../shared/money-input';
import { MoneyInput } from '../ui/MoneyInput';
import { useSlots } from '../slots';
import { LoyaltyFinalize, needsLoyaltyFinalize } from '../counter/FinalizeFlow';
import { isQrForm, tenderHint, usePaymentForms, usePaymentShortcuts, usePixResume } from '../payments/forms';
import { PixPanel } from '../payments/PixPanel';
import { Alert, Dialog } from '../ui/Dialog';
import { isZeroSale, OverpaidNotice, ZeroSaleConfirm } from './SaleWarnings';
import { useSale } from './store';
import { CardFields, cardFromForm, isCardForm, useCardRules } from './CardFields';

/** A hub payment form code (the store's enabled "Formas de pagamento"). */
type Form = number;
/** The contract's ceiling for one tender (sales.addPayment amountCents). */
const MAX_TENDER_CENTS = 10_000_000_000;

/**
 * "Efetuar Pagamento": pick a form, type the amount (pre-filled with what is
 * left), Enter adds it. Cash may exceed what is left (Troco); card is
 * confirmed by the cashier. "Finalizar" only when paid = total.
 *
 * Amounts are read with readMoney: "12,90" = R$ 12,90, "12" = R$ 12,00,
 * "1.000" = R$ 1.000,00; "12.90" is refused as ambiguous (no implicit cents).
 */
export function PaymentDialog({ onClose }: { onClose: () => void }) {
  const { paymentSections } = useSlots();
  const sale = useSale((s) => s.sale);
  const FORMS = usePaymentForms();
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** "Finalizar" with a loyalty customer: campaigns, bonus (renderer/src/counter). */
  const [loyaltyFinalize, setLoyaltyFinalize] = useState(false);
  const [confirmZero, setConfirmZero] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const firstFormRef = useRef<HTMLButtonElement>(null);
  const finalizeRef = useRef<HTMLButtonElement>(null);
  /** A very large cash amount already warned about once (Enter again on it confirms). */
  const confirmBig = useRef<number | null>(null);

  const cardRules = useCardRules();
  const totals = sale?.totals;
  const remaining = totals ? Math.max(0, totals.netCents - totals.paidCents) : 0;
  const canFinalize = !!totals && totals.itemCount > 0 && totals.paidCents === totals.netCents;

  usePixResume(setForm);
  usePaymentShortcuts(FORMS, form === null && remaining > 0, (code) => {
    setError(null);
    setForm(code);
  });

  // The amount field appears pre-filled with what is left, selected, ready to type over.
  useEffect(() => {
    if (form !== null && amountRef.current) {
      amountRef.current.value = formatDecimalBR(remaining);
      amountRef.current.focus();
      amountRef.current.select();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  // When nothing is left to pay the next natural step is Finalizar.
  useEffect(() => {
    if (form === null) (canFinalize ? finalizeRef.current : firstFormRef.current)?.focus();
  }, [form, canFinalize]);

  const addTender = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (form === null) return;
    const read = readMoney(amountRef.current?.value ?? '');
    if (!read.ok) return setError(read.message);
    const cents = read.cents;
    if (cents <= 0) return setError('Valor inválido: digite um valor maior que zero (ex.: 12,90).');
    if (cents > MAX_TENDER_CENTS) return setError(`Valor alto demais: o máximo é ${formatBRL(MAX_TENDER_CENTS)}. Confira o valor digitado.`);
    // A barcode read into "Valor recebido", or a slip of the keyboard, must not become a huge "Troco":
    // the cashier confirms such a value by pressing Enter again on it.
    if (form === 1 && cents - remaining > 100_000 && cents > 2 * remaining && confirmBig.current !== cents) {
      confirmBig.current = cents;
      return setError(
        `Valor recebido de ${formatBRL(cents)} daria troco de ${formatBRL(cents - remaining)}. Confira o valor entregue pelo cliente; se estiver certo, tecle Enter de novo.`,
      );
    }
    confirmBig.current = null;
    let card;
    if (isCardForm(form)) {
      const c = cardFromForm(e.currentTarget, form, cardRules);
      if (typeof c === 'string') return setError(c);
      card = c;
    }
    setBusy(true);
    const r = await useSale.getState().mutate('sales.addPayment', { formCode: form as 1, amountCents: cents, ...(card ? { card } : {}) });
    setBusy(false);
    if (r.ok) {
      setError(null);
      setForm(null);
    } else setError(r.error.message);
  };

  const removePayment = async (paymentId: number) => {
    const r = await useSale.getState().mutate('sales.removePayment', { paymentId });
    if (!r.ok) setError(r.error.message);
    else firstFormRef.current?.focus();
  };

  const finalize = async (withoutPayment = false) => {
    // A R$ 0,00 sale: ask first, then record it as "Sem Pagamento".
    // (A loyalty balance covering the whole sale was already the cashier's explicit choice.)
    const coveredByBalance = (sale?.totals.redemptionCents ?? 0) > 0;
    if (!withoutPayment && isZeroSale(sale) && !coveredByBalance) return setConfirmZero(true);
    if (needsLoyaltyFinalize()) return setLoyaltyFinalize(true);
    setBusy(true);
    const r = await useSale.getState().finalize(withoutPayment);
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error.message);
  };

  if (!sale || !totals) return null;
  const formLabel = FORMS.find((f) => f.code === form)?.label;

  return (
    <Dialog title="Pagamento" onClose={onClose} className="payment-dialog">
      <div className="pay-grid">
        <div className="pay-left">
          {/* While a QR shows, the forms collapse to one line ("Voltar" brings them back): the dialog fits 1024×768. */}
          {isQrForm(form) ? (
            <p className="forms-collapsed">
              Forma de pagamento: <strong>{formLabel}</strong>
            </p>
          ) : (
            <div className="forms" role="group" aria-label="Forma de pagamento">
              {FORMS.map((f, i) => (
                <button
                  key={f.code}
                  type="button"
                  ref={i === 0 ? firstFormRef : undefined}
                  className={form === f.code ? 'form-btn chosen' : 'form-btn'}
                  aria-label={f.label}
                  aria-pressed={form === f.code}
                  aria-keyshortcuts={f.key ?? undefined}
                  disabled={remaining === 0}
                  onClick={() => {
                    setError(null);
                    setForm(f.code);
                  }}
                >
                  {f.key && <kbd aria-hidden="true">{f.key.replace('Shift+', '⇧')}</kbd>}
                  <span>{f.label}</span>
                </button>
              ))}
            </div>
          )}

          {isQrForm(form) && <PixPanel formCode={form} remaining={remaining} onBack={() => setForm(null)} />}

          {form !== null && !isQrForm(form) && (
            <form onSubmit={addTender} className="tender">
              <label htmlFor="tender-amount">{form === 1 ? 'Valor recebido' : 'Valor'}</label>
              <MoneyInput id="tender-amount" ref={amountRef} name="amount" />
              {isCardForm(form) && <CardFields formCode={form} rules={cardRules} />}
              <p className="hint">
                {tenderHint(form, formLabel ?? '')}
              </p>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  Adicionar pagamento
                </button>
                <button type="button" onClick={() => setForm(null)}>
                  Voltar
                </button>
              </div>
            </form>
          )}

          <Alert text={error} />
          <OverpaidNotice sale={sale} />
          {confirmZero && <ZeroSaleConfirm busy={busy} onConfirm={() => void finalize(true)} onBack={() => setConfirmZero(false)} />}

          {sale.payments.length > 0 && (
            <ul className="payments" aria-label="Pagamentos">
              {sale.payments.map((p) => (
                <li key={p.id}>
                  <span>{p.formName}</span>
                  <span className="amount">{formatBRL(p.amountCents)}</span>
                  {p.card && <span className="hint">{describeCard(p.card)}</span>}
                  {p.changeCents > 0 && (
                    <span className="hint">
                      recebido {formatBRL(p.receivedCents)}, troco {formatBRL(p.changeCents)}
                    </span>
                  )}
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remover pagamento ${p.formName} ${formatBRL(p.amountCents)}`}
                    onClick={() => void removePayment(p.id)}
                  >
                    Remover
                  </button>
                </li>
              ))}
            </ul>
          )}

          {paymentSections.map(({ id, component: Section }) => (
            <Section key={id} sale={sale} />
          ))}
        </div>

        <dl className="pay-figures">
          <dt id="pay-total">Total</dt>
          <dd>
            <output aria-labelledby="pay-total">{formatBRL(totals.netCents)}</output>
          </dd>
          <dt id="pay-paid">Pago</dt>
          <dd>
            <output aria-labelledby="pay-paid">{formatBRL(totals.paidCents)}</output>
          </dd>
          <dt id="pay-remaining">Restante</dt>
          <dd>
            <output aria-labelledby="pay-remaining" className={remaining > 0 ? 'due' : ''}>
              {formatBRL(remaining)}
            </output>
          </dd>
          <dt id="pay-change">Troco</dt>
          <dd>
            <output aria-labelledby="pay-change" className="change">
              {formatBRL(totals.changeCents)}
            </output>
          </dd>
        </dl>
      </div>

      {loyaltyFinalize && <LoyaltyFinalize onDone={onClose} onCancel={() => setLoyaltyFinalize(false)} />}
      <div className="actions">
        <button type="button" className="primary big" ref={finalizeRef} disabled={!canFinalize || busy} onClick={() => void finalize()}>
          Finalizar
        </button>
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </div>
    </Dialog>
  );
}
