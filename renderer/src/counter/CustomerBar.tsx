import { useEffect, useRef, useState } from 'react';
import { formatBRL } from '../ui/format';
import { call } from '../bridge';
import { useSale } from '../sale/store';
import { Alert } from '../ui/Dialog';
import { useCounter } from './counterStore';
import { IdentifyDialog } from './IdentifyDialog';
import './counter.css';

/**
 * The customer on the sale (side panel): "Identificar cliente" or the
 * identified customer with "Mais opções do cliente" (Consultar Saldo
 * Parceiro, Trocar cliente, Remover cliente). Nothing when the hub is off.
 */
export function CustomerBar() {
  const sale = useSale((s) => s.sale);
  const { enabled, customer } = useCounter();
  const [dialog, setDialog] = useState<null | 'identify' | 'balance'>(null);
  const [menu, setMenu] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  // The loyalty state follows the open sale: another sale always; with the hub on, every change
  // (items change the redemption ceiling). With the hub off a scanner burst costs no extra call.
  const saleId = sale?.id;
  const watched = enabled ? sale : null;
  useEffect(() => {
    void useCounter.getState().refresh();
  }, [saleId, watched]);

  useEffect(() => {
    if (menu) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu]);

  if (!enabled) return null;

  const remove = async () => {
    setMenu(false);
    const r = await call('loyalty.counter.removeCustomer', {});
    if (r.ok) {
      useCounter.getState().set(r.value);
      setError(null);
      await useSale.getState().load();
    } else setError(r.error.message);
  };

  const close = () => {
    setDialog(null);
    void useSale.getState().load();
  };

  return (
    <section className="customer-bar" aria-label="Cliente da venda">
      {customer ? (
        <div className="customer-on-sale">
          <div>
            <strong>{customer.name || 'Cliente'}</strong> <span className="hint">CPF {customer.cpfMasked}</span>
          </div>
          <div className="hint">
            {customer.balanceKnown ? `Saldo disponível: ${formatBRL(customer.availableCents)}` : 'Cliente identificado sem consulta de saldo (hub fora do ar)'}
          </div>
          <button type="button" aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu(!menu)} onKeyDown={(e) => e.key === 'Escape' && setMenu(false)}>
            Mais opções do cliente {menu ? '▴' : '▾'}
          </button>
          {menu && (
            <div
              role="menu"
              aria-label="Opções do cliente"
              ref={menuRef}
              className="customer-menu"
              onKeyDown={(e) => {
                if (e.key === 'Escape') setMenu(false);
                if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                  e.preventDefault();
                  const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]'));
                  const i = items.indexOf(document.activeElement as HTMLElement);
                  items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
                }
              }}
            >
              <button type="button" role="menuitem" onClick={() => (setMenu(false), setDialog('balance'))}>
                Consultar Saldo Parceiro
              </button>
              <button type="button" role="menuitem" onClick={() => (setMenu(false), setDialog('identify'))}>
                Trocar cliente
              </button>
              <button type="button" role="menuitem" onClick={() => void remove()}>
                Remover cliente
              </button>
            </div>
          )}
        </div>
      ) : (
        <button type="button" aria-keyshortcuts="F6" onClick={() => setDialog('identify')}>
          Identificar cliente <kbd aria-hidden="true">F6</kbd>
        </button>
      )}
      <Alert text={error} />
      {dialog && <IdentifyDialog mode={dialog} onClose={close} />}
    </section>
  );
}

/** F6 on the sale screen (saleActions): the same dialog. */
export function IdentifyAction({ onClose }: { onClose: () => void }) {
  return (
    <IdentifyDialog
      onClose={() => {
        onClose();
        void useSale.getState().load();
      }}
    />
  );
}

export const counterVisible = {
  use: () => useCounter((s) => s.enabled),
  now: () => useCounter.getState().enabled,
};
