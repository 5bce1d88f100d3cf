import { useEffect, useRef, useState } from 'react';
import type { ReceiptPreview as Preview } from '../../../shared/api/printing';
import { call, getBridge } from '../bridge';
import { Dialog } from '../ui/Dialog';
import { usePrint } from './printStore';
import { ReceiptPreview } from './ReceiptPreview';
import './printing.css';

type Kind = 'sale' | 'loyalty';

/**
 * "Imprimir comprovante" (or "Reimprimir") with a menu that expands beside
 * it: the sale receipt, the loyalty "Comprovante" when the sale has one, and
 * the on-screen preview. A printer problem never blocks anything: the job
 * waits in the queue and the message says so.
 */
export function PrintReceiptMenu({ saleId, label = 'Imprimir comprovante', onPrinted }: { saleId: string; label?: string; onPrinted?: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [hasLoyalty, setHasLoyalty] = useState(false);
  const [preview, setPreview] = useState<{ kind: Kind; data: Preview } | null>(null);
  const firstItem = useRef<HTMLButtonElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    usePrint.getState().start();
    let alive = true;
    void call('printing.saleReceipts', { saleId }).then((r) => {
      if (alive && r.ok) setHasLoyalty(r.value.loyalty);
    });
    return () => {
      alive = false;
    };
  }, [saleId]);

  useEffect(() => {
    if (open) firstItem.current?.focus();
  }, [open]);

  const print = async (kind: Kind) => {
    setOpen(false);
    setBusy(true);
    try {
      const r = await call('printing.printSale', { saleId, kind });
      if (r.ok) {
        usePrint.getState().show(r.value);
        onPrinted?.();
      } else usePrint.getState().say(r.error.message);
    } finally {
      setBusy(false);
    }
  };

  const showPreview = async (kind: Kind) => {
    setOpen(false);
    const r = await call('printing.preview', { saleId, kind });
    if (r.ok) setPreview({ kind, data: r.value });
    else usePrint.getState().say(r.error.message);
  };

  const menuId = `print-menu-${saleId}`;
  return (
    <div className="print-menu">
      <button type="button" className="primary" disabled={busy} onClick={() => void print('sale')}>
        {busy ? 'Imprimindo…' : label}
      </button>
      <button
        ref={toggle}
        type="button"
        aria-label={`Mais opções: ${label}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {open ? '◂' : '▸'}
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={`Opções de impressão`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              toggle.current?.focus();
            }
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)'));
              const i = items.indexOf(document.activeElement as HTMLButtonElement);
              items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            }
          }}
        >
          <button type="button" role="menuitem" ref={firstItem} onClick={() => void print('sale')}>
            Comprovante de venda
          </button>
          <button
            type="button"
            role="menuitem"
            disabled={!hasLoyalty}
            title={hasLoyalty ? undefined : 'Esta venda não tem comprovante de fidelidade'}
            onClick={() => void print('loyalty')}
          >
            Comprovante fidelidade
          </button>
          <button type="button" role="menuitem" onClick={() => void showPreview('sale')}>
            Visualizar comprovante
          </button>
          {hasLoyalty && (
            <button type="button" role="menuitem" onClick={() => void showPreview('loyalty')}>
              Visualizar comprovante fidelidade
            </button>
          )}
        </div>
      )}
      {preview && (
        <Dialog
          title={preview.kind === 'loyalty' ? 'Comprovante fidelidade' : 'Comprovante de venda'}
          onClose={() => {
            setPreview(null);
            // Off the sale screen (no "Código ou EAN" to go back to) the focus returns to the menu.
            if (!document.getElementById('scan-input')) toggle.current?.focus();
          }}
        >
          <ReceiptPreview preview={preview.data} />
          <div className="actions">
            <button type="button" className="primary" data-autofocus onClick={() => void print(preview.kind).then(() => setPreview(null))}>
              Imprimir
            </button>
            <button
              type="button"
              onClick={() => {
                setPreview(null);
                if (!document.getElementById('scan-input')) toggle.current?.focus();
              }}
            >
              Fechar
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/**
 * "Opções da venda" in Minhas vendas: reprint any past receipt. The sale's "Impressões" follow: the new
 * job as soon as it is queued, then each change of a job of this sale (imprimindo, impresso, falhou).
 */
export function ReprintOption({ sale, refresh }: { sale: { id: string; status: string }; refresh?: () => void }) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => getBridge().on('printing.job', (job) => void (job.saleId === sale.id && latest.current?.())), [sale.id]);
  if (sale.status === 'aberta') return null;
  return <PrintReceiptMenu saleId={sale.id} label="Reimprimir" onPrinted={() => latest.current?.()} />;
}
