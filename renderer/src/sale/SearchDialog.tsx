import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../../shared/api/catalog';
import { formatBRL } from '../ui/format';
import { call } from '../bridge';
import { Alert, Dialog } from '../ui/Dialog';
import { useSale, weighingFrom } from './store';

/**
 * F2: product search by name, EAN or internal code. The focus stays in the input; ↑/↓ move the
 * active option (aria-activedescendant), Enter adds it, Esc closes.
 */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Product[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [searched, setSearched] = useState(false);
  const seq = useRef(0);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const q = query.trim();
    const mySeq = ++seq.current;
    if (q.length < 2 && !/^\d$/.test(q)) {
      setResults([]);
      setSearched(false);
      return;
    }
    const t = setTimeout(async () => {
      const r = await call('catalog.search', { query: q, limit: 30 });
      if (mySeq !== seq.current) return; // a newer query already went out
      if (r.ok) {
        setResults(r.value);
        setActive(0);
        setError(null);
      } else setError(r.error.message);
      setSearched(true);
    }, 120);
    return () => clearTimeout(t);
  }, [query]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  /** A product already warned about as a large line: Enter again on it confirms. */
  const warned = useRef<number | null>(null);
  const add = async (p: Product) => {
    const confirmLarge = warned.current === p.code;
    // No quantity: 1 unit, or for a product sold by weight the scale's reading (or "Peso (kg)" typed).
    const r = await useSale.getState().mutate('sales.addProduct', { code: p.code, ...(confirmLarge ? { confirmLarge } : {}) });
    if (r.ok) return onClose();
    const weighing = weighingFrom(r.error);
    if (weighing) {
      onClose();
      useSale.getState().setWeighing(weighing);
      return;
    }
    warned.current = r.error.code === 'line.needsConfirmation' ? p.code : null;
    setError(r.error.message);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (results.length === 0) return;
      setActive((a) => Math.max(0, Math.min(results.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(results.length - 1, a + (e.key === 'PageDown' ? 8 : -8))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const p = results[active];
      if (p) void add(p);
    }
  };

  const optionId = (i: number) => `${listId}-opt-${i}`;
  return (
    <Dialog title="Buscar produto" onClose={onClose} className="search-dialog">
      <input
        data-autofocus
        role="combobox"
        aria-label="Buscar produto por nome"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKey}
        placeholder="Digite ao menos 2 letras do nome"
      />
      <Alert text={error} />
      <ul id={listId} role="listbox" aria-label="Produtos encontrados" className="results" ref={listRef}>
        {results.map((p, i) => (
          <li
            key={p.code}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void add(p)}
          >
            <span className="desc">{p.description}</span>
            <span className="code">{p.eans[0] ?? p.code}</span>
            <span className="price">{formatBRL(p.priceCents)}</span>
          </li>
        ))}
      </ul>
      {searched && results.length === 0 && !error && <p className="hint">Nenhum produto encontrado.</p>}
      <p className="hint">↑ ↓ escolhe · Enter inclui na venda · Esc fecha</p>
    </Dialog>
  );
}
