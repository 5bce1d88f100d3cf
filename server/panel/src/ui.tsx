import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { DateField } from '../../../renderer/src/ui/DateField';
import { get } from './api';

export interface StoreInfo {
  id: string;
  name: string;
  cnpj: string;
  address: string;
  phone: string;
  tills: {
    id: string;
    name: string;
    revokedAt: string | null;
    lastSeenAt: string | null;
    lastRecordSeq: number;
    /** As the till reported with its last pull (null: not reported yet). */
    appVersion: string | null;
    backlog: number | null;
    statusAt: string | null;
    lastShift: { openedAt: string; closedAt: string | null; openedBy: string; closedBy: string | null; differenceCents: number | null } | null;
  }[];
}

export function useStores(): [StoreInfo[], () => Promise<void>] {
  const [stores, setStores] = useState<StoreInfo[]>([]);
  const load = async () => setStores((await get<{ stores: StoreInfo[] }>('/v1/panel/stores')).stores);
  useEffect(() => {
    void load().catch(() => {});
  }, []);
  return [stores, load];
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function StoreTillSelect(props: { stores: StoreInfo[]; storeId: string; tillId: string; onStore: (v: string) => void; onTill: (v: string) => void }) {
  const store = props.stores.find((s) => s.id === props.storeId);
  return (
    <>
      <Field label="Loja">
        <select
          value={props.storeId}
          onChange={(e) => {
            props.onStore(e.target.value);
            props.onTill('');
          }}
        >
          <option value="">Todas</option>
          {props.stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Caixa">
        <select value={props.tillId} onChange={(e) => props.onTill(e.target.value)} disabled={!store}>
          <option value="">Todos</option>
          {store?.tills.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

/** De / Até as dd/mm/aaaa in any browser: the till's one date field (renderer/src/ui/DateField) and reader. */
export function Period(props: { from: string; to: string; onFrom: (v: string) => void; onTo: (v: string) => void }) {
  const id = useId();
  return (
    <fieldset className="period">
      <legend>Período</legend>
      <Field label="De">
        <DateField id={`${id}-from`} value={props.from} onChange={props.onFrom} />
      </Field>
      <Field label="Até">
        <DateField id={`${id}-to`} value={props.to} onChange={props.onTo} />
      </Field>
    </fieldset>
  );
}

export function ErrorLine({ error }: { error: string }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}

/** A modal dialog on the native <dialog> (Esc closes; the rest of the page is inert). */
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    const close = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', close);
    return () => d.removeEventListener('cancel', close);
  }, [onClose]);
  return (
    <dialog ref={ref} aria-labelledby={id} className="modal">
      <header>
        <h2 id={id}>{title}</h2>
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </header>
      {/* Focusable: a body taller than the dialog scrolls with the keyboard too. */}
      <div className="modal-body" tabIndex={0}>
        {children}
      </div>
    </dialog>
  );
}
