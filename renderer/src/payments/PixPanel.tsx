import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PixView } from '../../../shared/api/payments';
import { formatBRL } from '../ui/format';
import { call, getBridge } from '../bridge';
import { Alert } from '../ui/Dialog';
import './pix.css';

const OPEN = new Set(['creating', 'unknown', 'pending']);

function left(expiresAt: string | null, now: number): string {
  if (!expiresAt) return '--:--';
  const s = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The PIX (17) / Carteira Digital (18) panel of "Pagamento": the QR from
 * `qr_code_text`, "Copiar" for the copia-e-cola, the amount, a countdown to the
 * 60-minute expiry and the panel's status (PENDENTE / APROVADO / EXPIRADO).
 * The core watches the order; this panel follows `payments.pixChanged`.
 */
export function PixPanel({ formCode, remaining, onBack }: { formCode: 17 | 18; remaining: number; onBack: () => void }) {
  const [view, setView] = useState<PixView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmCancel) confirmRef.current?.focus();
  }, [confirmCancel]);
  const [now, setNow] = useState(() => Date.now());
  const started = useRef(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);

  const generate = useCallback(
    async (amountCents: number) => {
      setBusy(true);
      setError(null);
      setCopied(false);
      const r = await call('payments.pixStart', { formCode, amountCents });
      setBusy(false);
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    },
    [formCode],
  );

  // Resume the open charge of this sale, or generate one for what is left.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void call('payments.pixCurrent', {}).then((r) => {
      // An approved charge is shown (APROVADO, "Finalizar") when it paid what was left; else a new QR for the rest.
      if (r.ok && r.value && r.value.formCode === formCode && (r.value.status !== 'approved' || remaining === 0)) setView(r.value);
      else if (remaining > 0) void generate(remaining);
    });
  }, [formCode, remaining, generate]);

  useEffect(
    () =>
      getBridge().on('payments.pixChanged', (v) => {
        setView((cur) => (cur && cur.attemptId === v.attemptId ? v : cur));
      }),
    [],
  );

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    setQr(null);
    if (view?.qrCodeText) void QRCode.toDataURL(view.qrCodeText, { margin: 1, width: 200 }).then(setQr, () => setQr(null));
  }, [view?.qrCodeText]);

  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    actionRef.current?.focus();
  }, [view?.status]);
  // APROVADO and nothing left: Enter finalizes (keyboard-first) — the dialog's "Finalizar" takes the focus.
  useEffect(() => {
    if (view?.status !== 'approved' || remaining !== 0) return;
    const buttons = panelRef.current?.closest('dialog')?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    [...buttons].find((b) => b.textContent?.trim() === 'Finalizar' && !b.disabled)?.focus();
  }, [view?.status, remaining]);

  const copy = async () => {
    const text = view?.qrCodeText ?? '';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      textRef.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };

  const cancel = async () => {
    if (!view) return;
    const r = await call('payments.pixCancel', { attemptId: view.attemptId });
    if (r.ok) setView(r.value);
    else setError(r.error.message);
  };

  const title = formCode === 17 ? 'PIX' : 'Carteira Digital';
  const open = view ? OPEN.has(view.status) : false;
  const again = view && ['expired', 'cancelled', 'failed', 'refunded'].includes(view.status);

  const qrShown = open && !!view?.qrCodeText;
  return (
    <section className={qrShown ? 'pix-panel with-qr' : 'pix-panel'} aria-label={`Pagamento ${title}`} ref={panelRef}>
      {qrShown && qr && <img className="pix-qr-img" src={qr} alt={`QR Code ${title} de ${formatBRL(view!.amountCents)}`} width={200} height={200} />}
      <div className="pix-side">
        {view && (
          <>
            <p className="pix-status">
              <span id="pix-status-label">Status</span>{' '}
              <output aria-labelledby="pix-status-label" className={`pix-${view.status}`}>
                {view.panel}
              </output>
            </p>
            <p>
              <span id="pix-amount-label">{formCode === 17 ? 'Valor do PIX' : 'Valor da Carteira Digital'}</span>{' '}
              <output aria-labelledby="pix-amount-label">{formatBRL(view.amountCents)}</output>
            </p>
            {qrShown && (
              <>
                <p>
                  <span id="pix-expiry-label">Expira em</span>{' '}
                  <output aria-labelledby="pix-expiry-label">{left(view.expiresAt, now)}</output>
                </p>
                <label htmlFor="pix-copia">PIX copia e cola</label>
                <div className="pix-copy">
                  <textarea id="pix-copia" ref={textRef} readOnly rows={2} value={view.qrCodeText ?? ''} />
                  <button type="button" onClick={() => void copy()}>
                    Copiar
                  </button>
                </div>
                {copied && <p className="hint">Copiado.</p>}
              </>
            )}
            {open && !view.qrCodeText && <p className="hint">Confirmando o pedido com a API de pagamento…</p>}
            {view.status === 'approved' && (
              <p className="pix-ok">
                {title} aprovado{view.walletPaymentId ? ` (id ${view.walletPaymentId})` : ''}. Tecle Finalizar.
              </p>
            )}
            {view.status === 'expired' && <p className="hint">O QR Code expirou sem pagamento.</p>}
            {view.status === 'cancelling' && <p className="hint">Cancelando o pedido na API de pagamento…</p>}
            {view.status === 'cancelled' && <p className="hint">PIX cancelado.</p>}
            {view.message && ['failed', 'cancelling', 'cancelled'].includes(view.status) && (
              <p className="hint" role="status">
                {view.message}
              </p>
            )}
          </>
        )}
        {busy && <p className="hint">Gerando o QR Code…</p>}
        <Alert text={error} />
        <div className="actions">
          {open && !confirmCancel && (
            <button type="button" ref={actionRef} onClick={() => setConfirmCancel(true)}>
              Cancelar PIX
            </button>
          )}
          {/* Cancelling a charge the customer may be paying right now is asked once more. */}
          {open && confirmCancel && (
            <span
              role="group"
              aria-label="Confirmar cancelamento do PIX"
              className="pix-confirm"
              onKeyDown={(e) => {
                // Esc answers "Não" (the PIX stays), never closes the payment dialog around it.
                if (e.key !== 'Escape') return;
                e.preventDefault();
                e.stopPropagation();
                setConfirmCancel(false);
                setTimeout(() => actionRef.current?.focus());
              }}
            >
              <span>Cancelar este PIX? O QR Code deixa de valer.</span>
              <button type="button" className="danger" ref={confirmRef} onClick={() => (setConfirmCancel(false), void cancel())}>
                Sim, cancelar PIX
              </button>
              <button type="button" onClick={() => (setConfirmCancel(false), setTimeout(() => actionRef.current?.focus()))}>
                Não
              </button>
            </span>
          )}
          {again && remaining > 0 && (
            <button type="button" className="primary" ref={actionRef} disabled={busy} onClick={() => void generate(Math.min(view!.amountCents, remaining))}>
              Gerar novo QR
            </button>
          )}
          <button type="button" onClick={onBack}>
            Voltar
          </button>
        </div>
      </div>
    </section>
  );
}
