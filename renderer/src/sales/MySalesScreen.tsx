import { useCallback, useEffect, useState } from 'react';
import type { Sale, SaleSummary } from '../../../shared/api/sales';
import { formatBRL } from '../../../shared/money';
import { call } from '../bridge';
import { saleOptions } from '../nav';
import { SaleSyncNote } from '../sync/SaleSyncNote';
import { Alert } from '../ui/Dialog';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('pt-BR') : '—';
}

const STATUS: Record<Sale['status'], string> = { aberta: 'Aberta', finalizada: 'Finalizada', cancelada: 'Cancelado' };

/** "Minhas vendas": finished/cancelled sales; open one to see it and its options. */
export function MySalesScreen() {
  const [list, setList] = useState<SaleSummary[]>([]);
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadList = useCallback(async () => {
    const r = await call('sales.list', { limit: 100 });
    if (r.ok) setList(r.value);
    else setError(r.error.message);
  }, []);

  const open = useCallback(async (id: string) => {
    const r = await call('sales.get', { id });
    if (r.ok) setSale(r.value);
    else setError(r.error.message);
  }, []);

  const refresh = useCallback(() => {
    void loadList();
    if (sale) void open(sale.id);
  }, [loadList, open, sale]);

  useEffect(() => {
    void loadList();
  }, [loadList]);

  return (
    <div className="page my-sales">
      <h1>Minhas vendas</h1>
      <Alert text={error} />
      <div className="split">
        <table aria-label="Vendas" className="sales-list">
          <thead>
            <tr>
              <th scope="col">Nº</th>
              <th scope="col">Data</th>
              <th scope="col">Situação</th>
              <th scope="col" className="num">Itens</th>
              <th scope="col" className="num">Total</th>
              <th scope="col">
                <span className="sr-only">Abrir</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} className={sale?.id === s.id ? 'selected' : undefined}>
                <td>{s.documentNumber ?? '—'}</td>
                <td className="nowrap">{when(s.finalizedAt)}</td>
                <td>{STATUS[s.status]}</td>
                <td className="num">{s.itemCount}</td>
                <td className="num">{formatBRL(s.netCents)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Abrir venda nº ${s.documentNumber ?? '—'}`}
                    onClick={() => void open(s.id)}
                  >
                    Abrir
                  </button>
                </td>
              </tr>
            ))}
            {list.length === 0 && (
              <tr>
                <td colSpan={6}>Nenhuma venda finalizada ainda.</td>
              </tr>
            )}
          </tbody>
        </table>

        {sale && (
          <section className="sale-detail" aria-label={`Venda nº ${sale.documentNumber ?? '—'}`}>
            <h2>
              Venda nº {sale.documentNumber ?? '—'} <span className={`badge ${sale.status}`}>{STATUS[sale.status]}</span>
            </h2>
            <p className="hint">
              {when(sale.finalizedAt)} · {sale.operator.name}
              {sale.customerCpf ? ` · CPF ${sale.customerCpf}` : ''}
            </p>
            <SaleSyncNote saleId={sale.id} />
            <table aria-label="Itens">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Descrição</th>
                  <th scope="col" className="num">Qtd</th>
                  <th scope="col" className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {sale.lines.map((l) => (
                  <tr key={l.id}>
                    <td>{l.order}</td>
                    <td>{l.description}</td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{formatBRL(l.netCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="figures">
              <dt>Descontos</dt>
              <dd>{formatBRL(sale.totals.discountTotalCents)}</dd>
              <dt>Total</dt>
              <dd>{formatBRL(sale.totals.netCents)}</dd>
              {sale.payments.map((p) => (
                <div key={p.id} className="pair">
                  <dt>{p.formName}</dt>
                  <dd>{formatBRL(p.amountCents)}</dd>
                </div>
              ))}
              {sale.totals.changeCents > 0 && (
                <>
                  <dt>Troco</dt>
                  <dd>{formatBRL(sale.totals.changeCents)}</dd>
                </>
              )}
            </dl>
            <div className="sale-options" role="group" aria-label="Opções da venda">
              <h3>Opções da venda</h3>
              {saleOptions.length === 0 && <p className="hint">Nenhuma opção disponível.</p>}
              {saleOptions.map(({ id, component: Option }) => (
                <Option key={id} sale={sale} refresh={refresh} />
              ))}
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
