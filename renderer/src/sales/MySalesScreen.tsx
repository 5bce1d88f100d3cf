import { useCallback, useEffect, useRef, useState } from 'react';
import type { SaleDetail, SalesCursor, SalesFilter, SalesRow } from '../../../shared/api/sales-query';
import type { Output } from '../../../shared/api';
import { count, formatBRL, saleNumber, when } from '../ui/format';
import { call } from '../bridge';
import { ExportMenu } from '../reports/ExportMenu';
import { Alert } from '../ui/Dialog';
import '../reports/backoffice.css';
import { SaleDetailView, STATUS_LABEL } from './SaleDetailView';
import { initialDraft, SalesFilters, toFilter, type SalesFilterDraft } from './SalesFilters';

const PAGE = 50;

/** "Minhas vendas": filters, keyset-paged list with count and total, the chosen sale's detail and options. */
export function MySalesScreen() {
  const [filter, setFilter] = useState<SalesFilter | null>(null);
  const [rows, setRows] = useState<SalesRow[]>([]);
  const [next, setNext] = useState<SalesCursor | null>(null);
  const [summary, setSummary] = useState<Output<'salesQuery.summary'> | null>(null);
  const [detail, setDetail] = useState<SaleDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  const load = useCallback(async (f: SalesFilter) => {
    const mine = ++seq.current;
    setLoading(true);
    const [page, sum] = await Promise.all([call('salesQuery.search', { filter: f, limit: PAGE }), call('salesQuery.summary', { filter: f })]);
    if (mine !== seq.current) return;
    setLoading(false);
    if (!page.ok) return setError(page.error.message);
    if (!sum.ok) return setError(sum.error.message);
    setError(null);
    setRows(page.value.rows);
    setNext(page.value.next);
    setSummary(sum.value);
  }, []);

  const apply = useCallback(
    (d: SalesFilterDraft) => {
      const r = toFilter(d);
      if ('error' in r) {
        setError(r.error);
        return;
      }
      setFilter(r.filter);
      void load(r.filter);
    },
    [load],
  );

  useEffect(() => apply(initialDraft()), [apply]);

  const more = async () => {
    if (!filter || !next) return;
    const r = await call('salesQuery.search', { filter, after: next, limit: PAGE });
    if (!r.ok) return setError(r.error.message);
    setRows((old) => [...old, ...r.value.rows]);
    setNext(r.value.next);
  };

  const open = useCallback(async (id: string) => {
    const r = await call('salesQuery.detail', { id });
    if (r.ok) setDetail(r.value);
    else setError(r.error.message);
  }, []);

  const refresh = useCallback(() => {
    if (filter) void load(filter);
    if (detail) void open(detail.sale.id);
  }, [filter, load, open, detail]);

  return (
    <div className="page my-sales">
      <h1>Minhas vendas</h1>
      <SalesFilters onApply={apply} />
      <Alert text={error} />
      <div className="list-head">
        <p role="status" aria-label="Resumo do filtro" className="summary">
          {summary
            ? `${count(summary.count)} venda(s) · Total ${formatBRL(summary.totalCents)}` +
              (summary.cancelledCount > 0
                ? ` · ${count(summary.cancelledCount)} cancelada(s): ${formatBRL(summary.cancelledCents)} fora do total`
                : '')
            : loading
              ? 'Carregando…'
              : ''}
        </p>
        {filter && <ExportMenu target={{ kind: 'sales', filter }} />}
      </div>
      <div className="split">
        <div className="list-col" data-scroll="">
          <table aria-label="Vendas" className="sales-list">
            <thead>
              <tr>
                <th scope="col">Nº</th>
                <th scope="col">Data</th>
                <th scope="col">Situação</th>
                <th scope="col">Pagamento</th>
                <th scope="col" className="num">Itens</th>
                <th scope="col" className="num">Total</th>
                <th scope="col">
                  <span className="sr-only">Abrir</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} className={detail?.sale.id === s.id ? 'selected' : undefined}>
                  <td>{s.documentNumber ?? '—'}{s.series && s.series !== '1' ? ` (série ${s.series})` : ''}</td>
                  <td>{when(s.at)}</td>
                  <td>{STATUS_LABEL[s.status]}</td>
                  <td>{s.formNames.join(', ') || '—'}</td>
                  <td className="num">{s.itemCount}</td>
                  <td className="num">{formatBRL(s.netCents)}</td>
                  <td>
                    <button type="button" className="link" aria-label={`Abrir venda ${saleNumber(s)}`} onClick={() => void open(s.id)}>
                      Abrir
                    </button>
                  </td>
                </tr>
              ))}
              {rows.length === 0 && !loading && (
                <tr>
                  <td colSpan={7}>Nenhuma venda encontrada com estes filtros.</td>
                </tr>
              )}
            </tbody>
          </table>
          {next && (
            <button type="button" onClick={() => void more()}>
              Carregar mais
            </button>
          )}
        </div>
        {detail && <SaleDetailView detail={detail} refresh={refresh} />}
      </div>
    </div>
  );
}
