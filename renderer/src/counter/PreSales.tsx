import { useEffect, useState } from 'react';
import type { PreSaleSummary } from '../../../shared/api/presales';
import { formatBRL, when } from '../ui/format';
import { call } from '../bridge';
import { useSale } from '../sale/store';
import { Alert, Dialog } from '../ui/Dialog';
import { useCounter } from './counterStore';

/** F7 "Salvar pré-venda": the open cart (with its customer) under a number; the till is free again. */
export function SavePreSaleDialog({ onClose }: { onClose: () => void }) {
  const [saved, setSaved] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    await useSale.getState().settled();
    const r = await call('presales.save', {});
    if (!r.ok) return setError(r.error.message);
    useSale.setState({ sale: r.value.next, selectedLineId: null, finalized: null });
    void useCounter.getState().refresh();
    setSaved(r.value.number);
  };
  return (
    <Dialog title="Salvar pré-venda" onClose={onClose}>
      {saved === null ? (
        <>
          <p>Salvar os itens desta venda como pré-venda e liberar o caixa?</p>
          <Alert text={error} />
          <div className="actions">
            <button type="button" className="primary" data-autofocus onClick={() => void save()}>
              Salvar pré-venda
            </button>
            <button type="button" onClick={onClose}>
              Cancelar
            </button>
          </div>
        </>
      ) : (
        <>
          <p role="status">Pré-venda nº {saved} salva.</p>
          <div className="actions">
            <button type="button" className="primary" data-autofocus onClick={onClose}>
              Fechar
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** F9 "Pré-vendas": the open ones; "Recuperar" loads one into the till. */
export function PreSalesDialog({ onClose }: { onClose: () => void }) {
  const [list, setList] = useState<PreSaleSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('presales.list', {}).then((r) => (r.ok ? setList(r.value) : setError(r.error.message)));
  }, []);
  const recover = async (n: number) => {
    await useSale.getState().settled();
    const r = await call('presales.recover', { number: n });
    if (!r.ok) return setError(r.error.message);
    useSale.setState({ sale: r.value, selectedLineId: r.value.lines.at(-1)?.id ?? null, finalized: null });
    void useCounter.getState().refresh();
    onClose();
  };
  return (
    <Dialog title="Pré-vendas" onClose={onClose}>
      <table aria-label="Pré-vendas abertas">
        <thead>
          <tr>
            <th scope="col">Número</th>
            <th scope="col">Cliente</th>
            <th scope="col" className="num">Itens</th>
            <th scope="col" className="num">Total</th>
            <th scope="col">Data</th>
            <th scope="col">
              <span className="sr-only">Ação</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list?.map((p, i) => (
            <tr key={p.number}>
              <td>{p.number}</td>
              <td>{p.customerName ?? '—'}</td>
              <td className="num">{p.itemCount}</td>
              <td className="num">{formatBRL(p.totalCents)}</td>
              <td>{when(p.createdAt)}</td>
              <td>
                <button type="button" data-autofocus={i === 0 ? true : undefined} aria-label={`Recuperar pré-venda nº ${p.number}`} onClick={() => void recover(p.number)}>
                  Recuperar
                </button>
              </td>
            </tr>
          ))}
          {list?.length === 0 && (
            <tr>
              <td colSpan={6}>Nenhuma pré-venda aberta.</td>
            </tr>
          )}
        </tbody>
      </table>
      <Alert text={error} />
      <div className="actions">
        <button type="button" data-autofocus={list?.length ? undefined : true} onClick={onClose}>
          Fechar
        </button>
      </div>
    </Dialog>
  );
}
