import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PixView } from '../../../shared/api/payments';
import { formatBRL } from '../../../shared/money';
import { call, getBridge } from '../bridge';
import { useSale } from '../sale/store';
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
      if (r.ok && r.value && r.value.formCode === formCode && r.value.status !== 'approved') setView(r.value);
      else if (remaining > 0) void generate(remaining);
    });
  }, [formCode, remaining, generate]);

  useEffect(
    () =>
      getBridge().on('payments.pixChanged', (v) => {
        setView((cur) => (cur && cur.attemptId === v.attemptId ? v : cur));
        if (v.status === 'approved' || v.status === 'cancelled' || v.status === 'refunded') void useSale.getState().load();
      }),
    [],
  );

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    setQr(null);
    if (view?.qrCodeText) void QRCode.toDataURL(view.qrCodeText, { margin: 1, width: 220 }).then(setQr, () => setQr(null));
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

  return (
    <section className="pix-panel" aria-label={`Pagamento ${title}`} ref={panelRef}>
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
          {open && view.qrCodeText && (
            <div className="pix-qr">
              {qr && <img src={qr} alt={`QR Code ${title} de ${formatBRL(view.amountCents)}`} width={220} height={220} />}
              <div>
                <label htmlFor="pix-copia">PIX copia e cola</label>
                <textarea id="pix-copia" ref={textRef} readOnly rows={4} value={view.qrCodeText} />
                <button type="button" onClick={() => void copy()}>
                  Copiar
                </button>
                {copied && <span className="hint"> Copiado.</span>}
                <p>
                  <span id="pix-expiry-label">Expira em</span>{' '}
                  <output aria-labelledby="pix-expiry-label">{left(view.expiresAt, now)}</output>
                </p>
              </div>
            </div>
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
        {open && (
          <button type="button" ref={actionRef} onClick={() => void cancel()}>
            Cancelar PIX
          </button>
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
    </section>
  );
}
