import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatBRL, saleNumber } from '../ui/format';
import { quantityWithUnit } from '../../../shared/quantity';
import { useSlots, type SaleActionEntry } from '../slots';
import { useFollowPix } from '../payments/forms';
import { CustomerBar } from '../counter/CustomerBar';
import { LoyaltyPaymentGate } from '../counter/RedemptionGate';
import { Alert, dialogOpen } from '../ui/Dialog';
import { CartTable } from './CartTable';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DiscountDialog, QuantityDialog } from './dialogs';
import { PriceCheckDialog } from './PriceCheckDialog';
import { WeightDialog } from './WeightDialog';
import { PaymentDialog } from './PaymentDialog';
import { OverpaidNotice } from './SaleWarnings';
import { SearchDialog } from './SearchDialog';
import { saleBusy, useSale } from './store';

type OpenDialog =
  | { kind: 'search' }
  | { kind: 'quantity'; lineId: number }
  | { kind: 'itemDiscount'; lineId: number }
  | { kind: 'saleDiscount' }
  | { kind: 'remove'; lineId: number }
  | { kind: 'cancel' }
  | { kind: 'payment' }
  | { kind: 'priceCheck' }
  | { kind: 'action'; id: string };

const LEGEND: [string, string][] = [
  ['F2', 'Buscar por nome'],
  ['F3', 'Quantidade'],
  ['F4', 'Desconto no item'],
  ['F5', 'Desconto na venda'],
  ['Del', 'Remover item'],
  ['F8', 'Cancelar venda'],
  ['F10', 'Efetuar Pagamento'],
  ['F11', 'Minhas vendas'],
  ['Ctrl+K', 'Consulta de preço'],
  ['↑ ↓', 'Selecionar item'],
];

/** A sale action's key in the legend (hidden while the action is not available). */
function LegendAction({ a }: { a: SaleActionEntry }) {
  const visible = a.visible?.use() ?? true;
  if (!visible) return null;
  return (
    <li>
      <kbd>{a.key}</kbd> {a.label}
    </li>
  );
}

/** Big totals ("R$ 12.345,67" and up) step the font down so they never get clipped at 1024 px. */
function totalSize(cents: number): string {
  const len = formatBRL(cents).length;
  return len > 13 ? ' xlong' : len > 11 ? ' long' : '';
}

/**
 * The sale screen. "Código ou EAN" keeps the focus: Enter takes the text,
 * clears the field at once and queues the scan (the store sends them one at a
 * time, in order), so a scanner's burst never loses or misplaces a character.
 */
export function SaleScreen() {
  const { saleActions, postSaleSections } = useSlots();
  const sale = useSale((s) => s.sale);
  const selectedLineId = useSale((s) => s.selectedLineId);
  const notice = useSale((s) => s.notice);
  const finalized = useSale((s) => s.finalized);
  const weighing = useSale((s) => s.weighing);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const focusInput = useCallback(() => {
    if (!dialogOpen()) inputRef.current?.focus();
  }, []);
  const closeDialog = useCallback(() => setDialog(null), []);
  useFollowPix();

  // A scan refused as too large comes back into the field, selected: Enter again confirms it.
  const confirmScan = useSale((s) => s.confirmScan);
  useEffect(() => {
    const input = inputRef.current;
    if (confirmScan && input && input.value === '') {
      input.value = confirmScan.text;
      if (document.activeElement === input) input.select();
    }
  }, [confirmScan]);

  // Focus returns to "Código ou EAN" whenever no dialog is open.
  useEffect(() => {
    if (dialog === null && weighing === null) focusInput();
  }, [dialog, weighing, focusInput]);

  const lines = sale?.lines ?? [];
  const selected = lines.find((l) => l.id === selectedLineId) ?? null;
  const totals = sale?.totals;

  // Sale keys work wherever the focus is on this screen (not inside dialogs).
  useEffect(() => {
    /** Runs after the scans already typed are in the cart (F10 right after a scan sees the item). */
    const afterScans = (fn: (st: ReturnType<typeof useSale.getState>) => void) => {
      // Nothing queued: act now, inside the key event (the next key already lands in the dialog).
      if (!saleBusy()) return fn(useSale.getState());
      void useSale
        .getState()
        .settled()
        .then(() => {
          if (!dialogOpen()) fn(useSale.getState());
        });
    };
    const needLine = (open: (lineId: number) => OpenDialog) =>
      afterScans((st) => {
        const sel = st.sale?.lines.find((l) => l.id === st.selectedLineId) ?? null;
        if (sel) setDialog(open(sel.id));
        else st.notify('Nenhum item selecionado.');
      });

    const onKey = (e: globalThis.KeyboardEvent) => {
      if (dialogOpen()) return;
      if (e.ctrlKey && !e.altKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        setDialog({ kind: 'priceCheck' });
        return;
      }
      switch (e.key) {
        case 'F2':
          setDialog({ kind: 'search' });
          break;
        case 'F3':
          needLine((lineId) => ({ kind: 'quantity', lineId }));
          break;
        case 'F4':
          needLine((lineId) => ({ kind: 'itemDiscount', lineId }));
          break;
        case 'F5':
          afterScans((st) => {
            if (st.sale?.lines.length) setDialog({ kind: 'saleDiscount' });
            else st.notify('A venda não tem itens.');
          });
          break;
        case 'F8':
          afterScans((st) => {
            if (st.sale?.lines.length || st.sale?.payments.length) setDialog({ kind: 'cancel' });
          });
          break;
        case 'F10':
          afterScans((st) => {
            if (st.sale?.lines.length) setDialog({ kind: 'payment' });
            else st.notify('Inclua ao menos um item antes do pagamento.');
          });
          break;
        case 'Delete': {
          // In the code field Delete edits text; it removes the item only when the field is empty.
          const t = e.target as HTMLElement;
          if (t instanceof HTMLInputElement && t.value !== '') return;
          e.preventDefault();
          needLine((lineId) => ({ kind: 'remove', lineId }));
          break;
        }
        default: {
          const action = saleActions.find((a) => a.key === e.key && (a.visible?.now() ?? true));
          if (action) {
            setDialog({ kind: 'action', id: action.id });
            return;
          }
          // A scanner typing while the focus sits on a button/row: the characters go to "Código ou EAN".
          const t = e.target as HTMLElement;
          const typing = e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey;
          if (typing && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) {
            inputRef.current?.focus();
          }
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const input = e.currentTarget;
      const text = input.value;
      input.value = '';
      useSale.getState().enqueueScan(text);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      useSale.getState().moveSelection(e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.currentTarget.value = '';
      useSale.getState().clearNotice();
    }
  };

  const lastLine = lines.length ? lines[lines.length - 1] : null;
  const action = dialog?.kind === 'action' ? saleActions.find((a) => a.id === dialog.id) : undefined;
  const ActionDialog = action?.dialog;

  return (
    <div className="sale">
      <section className="sale-main">
        <h1 className="sr-only">Venda</h1>
        <div className="scan">
          <label htmlFor="scan-input">Código ou EAN</label>
          <input
            id="scan-input"
            ref={inputRef}
            className="scan-input"
            autoComplete="off"
            spellCheck={false}
            inputMode="numeric"
            placeholder="Leia o código de barras · 3*código inclui 3 unidades · 0,350*código inclui 0,350 kg"
            onKeyDown={onInputKey}
            onBlur={(e) => {
              // Clicking on an empty area must not leave the cashier without the field.
              if (e.relatedTarget === null) setTimeout(focusInput, 0);
            }}
          />
        </div>
        <Alert text={notice?.kind === 'error' ? notice.text : null} />
        <OverpaidNotice sale={sale} />
        <CartTable
          lines={lines}
          selectedLineId={selectedLineId}
          onSelect={(id) => {
            useSale.getState().select(id);
            focusInput();
          }}
        />
      </section>

      <aside className="sale-side" aria-label="Resumo da venda">
        <div className="total-box">
          <span className="total-label" id="total-label">
            Total
          </span>
          <output className={`total-value${totalSize(totals?.netCents ?? 0)}`} aria-labelledby="total-label" data-testid="sale-total">
            {formatBRL(totals?.netCents ?? 0)}
          </output>
        </div>
        <dl className="figures">
          <dt>Itens</dt>
          <dd>{totals?.itemCount ?? 0}</dd>
          <dt>Subtotal</dt>
          <dd>{formatBRL(totals?.grossCents ?? 0)}</dd>
          {/* One presentation: Subtotal − Descontos − Saldo fidelidade utilizado = Total (the balance is not a discount line too). */}
          <dt>Descontos</dt>
          <dd>{formatBRL((totals?.itemDiscountCents ?? 0) + (totals?.saleDiscountCents ?? 0))}</dd>
          {totals && totals.redemptionCents > 0 && (
            <>
              <dt id="redemption-label">Saldo fidelidade utilizado</dt>
              <dd aria-labelledby="redemption-label">{formatBRL(totals.redemptionCents)}</dd>
            </>
          )}
          {totals && totals.paidCents > 0 && (
            <>
              <dt>Pago</dt>
              <dd>{formatBRL(totals.paidCents)}</dd>
            </>
          )}
        </dl>
        <CustomerBar />
        {lastLine && (
          <div className="last-item" aria-label="Último item">
            <div className="last-desc">{lastLine.description}</div>
            <div>
              {quantityWithUnit(lastLine.quantity, lastLine.unit, lastLine.fractional)} × {formatBRL(lastLine.unitPriceCents)}
              {lastLine.fractional ? `/${lastLine.unit.toLowerCase()}` : ''} = <strong>{formatBRL(lastLine.netCents)}</strong>
            </div>
          </div>
        )}
        <div role="status" className="finalized">
          {finalized && (
            <>
              <strong>Venda {saleNumber({ series: finalized.series, documentNumber: finalized.number })} finalizada</strong>
              {finalized.changeCents > 0 && <span className="change">Troco: {formatBRL(finalized.changeCents)}</span>}
            </>
          )}
        </div>
        {finalized &&
          postSaleSections.map(({ id, component: Section }) => (
            <div key={id} className="post-sale">
              <Section saleId={finalized.id} />
            </div>
          ))}
        <button
          type="button"
          className="primary pay"
          aria-keyshortcuts="F10"
          disabled={lines.length === 0}
          onClick={() => setDialog({ kind: 'payment' })}
        >
          Efetuar Pagamento <kbd aria-hidden="true">F10</kbd>
        </button>
      </aside>

      <footer className="legend" aria-label="Teclas de atalho">
        <ul>
          {LEGEND.map(([k, label]) => (
            <li key={k}>
              <kbd>{k}</kbd> {label}
            </li>
          ))}
          {saleActions.map((a) => (
            <LegendAction key={a.id} a={a} />
          ))}
        </ul>
      </footer>

      {dialog?.kind === 'search' && <SearchDialog onClose={closeDialog} />}
      {dialog?.kind === 'priceCheck' && <PriceCheckDialog onClose={closeDialog} />}
      {dialog === null && weighing && <WeightDialog weighing={weighing} onClose={() => useSale.getState().setWeighing(null)} />}
      {dialog?.kind === 'quantity' && selected && <QuantityDialog line={selected} onClose={closeDialog} />}
      {dialog?.kind === 'itemDiscount' && selected && <DiscountDialog target="item" line={selected} onClose={closeDialog} />}
      {dialog?.kind === 'saleDiscount' && <DiscountDialog target="sale" onClose={closeDialog} />}
      {dialog?.kind === 'remove' && selected && (
        <ConfirmDialog
          title="Remover item"
          question={`Remover o item ${selected.order} — ${selected.description}?`}
          confirmLabel="Remover"
          onConfirm={() => useSale.getState().mutate('sales.removeLine', { lineId: selected.id })}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <ConfirmDialog
          title="Cancelar venda"
          question="Descartar todos os itens e pagamentos desta venda?"
          confirmLabel="Cancelar venda"
          cancelLabel="Voltar"
          onConfirm={() => useSale.getState().mutate('sales.discard', {})}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'payment' && (
        <LoyaltyPaymentGate onClose={closeDialog}>
          <PaymentDialog onClose={closeDialog} />
        </LoyaltyPaymentGate>
      )}
      {ActionDialog && <ActionDialog onClose={closeDialog} />}
    </div>
  );
}
