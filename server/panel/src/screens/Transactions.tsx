import { useEffect, useState } from 'react';
import { get, query } from '../api';
import { dayStart, formatBRL, formatDateTime, parseReais, today } from '../format';
import { can, type Me } from '../session';
import { ErrorLine, Field, Period, StoreTillSelect, useStores } from '../ui';
import { SaleDetail } from './SaleDetail';
import { useDownload } from '../download';

export interface SaleRow {
  id: string;
  finalizedAt: string;
  storeName: string;
  tillName: string;
  number: number | null;
  status: string;
  operator: string;
  cpf: string | null;
  itemCount: number;
  totalCents: number;
  discountCents: number;
  forms: string[];
}

const FORMS: [number, string][] = [
  [1, 'Dinheiro'],
  [3, 'Cartão de Crédito'],
  [4, 'Cartão de Débito'],
  [17, 'PIX'],
  [18, 'Carteira Digital'],
  [10, 'Vale Alimentação'],
  [11, 'Vale Refeição'],
  [12, 'Vale Presente'],
  [2, 'Cheque'],
  [5, 'Crediário/Cartão da Loja'],
  [20, 'PIX Estático'],
  [21, 'Crédito em Loja'],
  [90, 'Sem Pagamento'],
  [99, 'Outros'],
];

export function Transactions({ me }: { me: Me }) {
  const [stores] = useStores();
  const [from, setFrom] = useState(today(-6));
  const [to, setTo] = useState(today());
  const [storeId, setStoreId] = useState('');
  const [tillId, setTillId] = useState('');
  const [status, setStatus] = useState('');
  const [form, setForm] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [cpf, setCpf] = useState('');
  const [operator, setOperator] = useState('');
  const [rows, setRows] = useState<SaleRow[]>([]);
  const [summary, setSummary] = useState<{ count: number; totalCents: number | null; capped?: boolean } | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [detail, setDetail] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const download = useDownload();

  const params = () => {
    const minC = parseReais(min);
    const maxC = parseReais(max);
    if (min && minC === null) throw new Error('Valor mínimo inválido.');
    if (max && maxC === null) throw new Error('Valor máximo inválido.');
    return { de: dayStart(from), ate: dayStart(to, true), loja: storeId, caixa: tillId, status, forma: form, min: minC, max: maxC, cpf: cpf.replace(/\D/g, ''), operador: operator.trim() };
  };
  const load = async (cursor: string | null) => {
    setError('');
    try {
      const r = await get<{ rows: SaleRow[]; next: string | null; summary: { count: number; totalCents: number | null; capped?: boolean } | null }>('/v1/panel/sales', { ...params(), cursor });
      setRows((old) => (cursor ? [...old, ...r.rows] : r.rows));
      if (r.summary) setSummary(r.summary);
      else if (!cursor) {
        // The count of other filters comes after the page (bounded on the server: "mais de 10.000").
        setSummary(null);
        setSummary(await get<{ count: number; totalCents: number | null; capped?: boolean }>('/v1/panel/sales/count', params()));
      }
      setNext(r.next);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  let exportQuery = '';
  try {
    exportQuery = query(params());
  } catch {
    exportQuery = '';
  }
  const exportHref = (fmt: string) => `/v1/panel/sales/export${exportQuery}${exportQuery ? '&' : '?'}formato=${fmt}`;

  return (
    <div className="screen">
      <h1>Transações</h1>
      <form
        className="filters"
        aria-label="Filtros"
        onSubmit={(e) => {
          e.preventDefault();
          void load(null);
        }}
      >
        <Period from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <StoreTillSelect stores={stores} storeId={storeId} tillId={tillId} onStore={setStoreId} onTill={setTillId} />
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Todos</option>
            <option value="finalizada">Finalizada</option>
            <option value="cancelada">Cancelada</option>
          </select>
        </Field>
        <Field label="Forma de pagamento">
          <select value={form} onChange={(e) => setForm(e.target.value)}>
            <option value="">Todas</option>
            {FORMS.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="period">
          <legend>Valor</legend>
          <Field label="Mínimo">
            <input inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} className="short" />
          </Field>
          <Field label="Máximo">
            <input inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} className="short" />
          </Field>
        </fieldset>
        <Field label="CPF">
          <input inputMode="numeric" value={cpf} onChange={(e) => setCpf(e.target.value)} className="mid" />
        </Field>
        <Field label="Operador">
          <input value={operator} onChange={(e) => setOperator(e.target.value)} className="mid" />
        </Field>
        <button type="submit" className="primary">
          Filtrar
        </button>
        {can(me, 'export') && (
          <div className="menu">
            <button type="button" aria-expanded={exportOpen} aria-haspopup="true" onClick={() => setExportOpen((v) => !v)}>
              Exportar
            </button>
            {exportOpen && exportQuery !== '' && (
              <div className="menu-items">
                <a
                  href={exportHref('csv')}
                  download
                  onClick={(e) => {
                    setExportOpen(false);
                    download.start(e, 'CSV', summary && !summary.capped ? summary.count : null);
                  }}
                >
                  CSV
                </a>
                <a
                  href={exportHref('xlsx')}
                  download
                  onClick={(e) => {
                    setExportOpen(false);
                    download.start(e, 'XLSX', null);
                  }}
                >
                  XLSX
                </a>
              </div>
            )}
          </div>
        )}
      </form>
      <ErrorLine error={error} />
      {download.view}
      {summary && (
        <p aria-live="polite" className="summary">
          {summary.capped
            ? `mais de ${summary.count.toLocaleString('pt-BR')} venda(s) (refine os filtros para ver o total)`
            : `${summary.count} venda(s) · ${formatBRL(summary.totalCents ?? 0)}`}
        </p>
      )}
      <div className="table-wrap">
        <table aria-label="Vendas">
          <thead>
            <tr>
              <th scope="col">Data/hora</th>
              <th scope="col">Loja / Caixa</th>
              <th scope="col">Nº</th>
              <th scope="col">Status</th>
              <th scope="col">Operador</th>
              <th scope="col">CPF</th>
              <th scope="col">Pagamento</th>
              <th scope="col">Total</th>
              <th scope="col">
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.status === 'cancelada' ? 'cancelled' : undefined}>
                <td>{formatDateTime(r.finalizedAt)}</td>
                <td>
                  {r.storeName} / {r.tillName}
                </td>
                <td className="num">{r.number ?? '—'}</td>
                <td>{r.status === 'cancelada' ? 'Cancelada' : 'Finalizada'}</td>
                <td>{r.operator}</td>
                <td>{r.cpf ?? '—'}</td>
                <td>{r.forms.join(' + ')}</td>
                <td className="num">{formatBRL(r.totalCents)}</td>
                <td>
                  <button type="button" aria-label={`Detalhes da venda ${r.number ?? ''} de ${formatDateTime(r.finalizedAt)}`} onClick={() => setDetail(r.id)}>
                    Detalhes
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && (
        <button type="button" onClick={() => void load(next)}>
          Carregar mais
        </button>
      )}
      {detail && <SaleDetail id={detail} onClose={() => setDetail(null)} />}
    </div>
  );
}
