import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../api';
import { formatBRL, parseReais } from '../format';
import { can, type Me } from '../session';
import { ErrorLine, Field, useStores } from '../ui';
import { CatalogTills } from './CatalogTills';
import { ProductsImport } from './ProductsImport';

interface Product {
  code: number;
  description: string;
  priceCents: number;
  unit: string;
  eans: string[];
}

export function Products({ me }: { me: Me }) {
  const [stores] = useStores();
  const [storeId, setStoreId] = useState('');
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<Product[]>([]);
  const [chosen, setChosen] = useState<number[]>([]);
  const [price, setPrice] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);
  const store = storeId || stores[0]?.id || '';
  const writer = can(me, 'products:write');
  const search = async () => {
    if (!store) return;
    setError('');
    try {
      setRows((await get<{ rows: Product[] }>('/v1/panel/products', { loja: store, q })).rows);
      setChosen([]);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void search();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);
  const changePrice = async (e: FormEvent) => {
    e.preventDefault();
    const cents = parseReais(price);
    if (cents === null) return setError('Preço inválido.');
    try {
      const r = await post<{ changed: number }>('/v1/panel/products/price', { storeId: store, codes: chosen, priceCents: cents });
      setStatus(`Preço alterado em ${r.changed} produto(s); os caixas recebem na próxima sincronização.`);
      setVersion((v) => v + 1);
      await search();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="screen">
      <h1>Produtos</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Field label="Loja">
          <select value={store} onChange={(e) => setStoreId(e.target.value)}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Buscar produto">
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="código, EAN ou descrição" />
        </Field>
        <button type="submit" className="primary">
          Buscar
        </button>
      </form>
      {writer && store && (
        <ProductsImport
          storeId={store}
          onDone={() => {
            setVersion((v) => v + 1);
            void search();
          }}
        />
      )}
      <CatalogTills storeId={store} version={version} />
      <ErrorLine error={error} />
      {status && <p role="status">{status}</p>}
      {writer && (
        <form className="filters" onSubmit={changePrice}>
          <Field label="Novo preço">
            <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} className="short" />
          </Field>
          <button type="submit" disabled={!chosen.length}>
            Alterar preço ({chosen.length})
          </button>
        </form>
      )}
      <div className="table-wrap">
        <table aria-label="Produtos">
          <thead>
            <tr>
              {writer && (
                <th scope="col">
                  <span className="sr-only">Selecionar</span>
                </th>
              )}
              <th scope="col">Código</th>
              <th scope="col">Descrição</th>
              <th scope="col">EAN</th>
              <th scope="col">Unidade</th>
              <th scope="col">Preço</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                {writer && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Selecionar ${r.description}`}
                      checked={chosen.includes(r.code)}
                      onChange={(e) => setChosen((c) => (e.target.checked ? [...c, r.code] : c.filter((x) => x !== r.code)))}
                    />
                  </td>
                )}
                <td className="num">{r.code}</td>
                <td>{r.description}</td>
                <td>{r.eans.join(', ')}</td>
                <td>{r.unit}</td>
                <td className="num">{formatBRL(r.priceCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
