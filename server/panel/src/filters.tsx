import { useEffect, useState, type ReactNode } from 'react';
import { dayStart, today } from './format';
import { Period, StoreTillSelect, useStores } from './ui';

/** The period and store/caixa every filtered screen starts from (from `fromDays` days back to today). */
export function useScope(fromDays: number) {
  const [stores] = useStores();
  const [from, setFrom] = useState(today(fromDays));
  const [to, setTo] = useState(today());
  const [storeId, setStoreId] = useState('');
  const [tillId, setTillId] = useState('');
  return {
    stores,
    from,
    to,
    storeId,
    tillId,
    setFrom,
    setTo,
    setStoreId,
    setTillId,
    /** The query parameters of the scope, as every panel route reads them. */
    params: () => ({ de: dayStart(from), ate: dayStart(to, true), loja: storeId, caixa: tillId }),
  };
}

export type Scope = ReturnType<typeof useScope>;

/** Loads once when the screen opens and again at each `load()`; the last failure as one line of text. */
export function useLoader<T>(fetch: () => Promise<T>): { value: T | null; error: string; load: () => Promise<void> } {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    setError('');
    try {
      setValue(await fetch());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { value, error, load };
}

/** The filter bar: Período, Loja/Caixa, the screen's own fields (children), its submit button, then `after` (e.g. Exportar). */
export function FilterBar(props: { scope: Scope; onSubmit: () => void; submitLabel: string; children?: ReactNode; after?: ReactNode }) {
  const { scope, onSubmit, submitLabel, children, after } = props;
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Period from={scope.from} to={scope.to} onFrom={scope.setFrom} onTo={scope.setTo} />
      <StoreTillSelect stores={scope.stores} storeId={scope.storeId} tillId={scope.tillId} onStore={scope.setStoreId} onTill={scope.setTillId} />
      {children}
      <button type="submit" className="primary">
        {submitLabel}
      </button>
      {after}
    </form>
  );
}
