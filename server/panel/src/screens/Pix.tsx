import { useEffect, useState } from 'react';
import { get, query } from '../api';
import { can, type Me } from '../session';
import { useDownload } from '../download';
import { dayStart, formatBRL, formatDateTime, today } from '../format';
import { ErrorLine, Field, Period, StoreTillSelect, useStores } from '../ui';

interface PixRow {
  at: string;
  storeName: string;
  tillName: string;
  saleId: string;
  number: number | null;
  wallet: string;
  amountCents: number;
  status: string;
  endToEnd: string | null;
  reference: string | null;
}

export const PIX_STATUSES = ['APROVADO', 'PENDENTE', 'EXPIRADO', 'ESTORNO', 'ESTORNO PARCIAL'];

export function PixPayments({ me }: { me: Me }) {
  const download = useDownload();
  const [stores] = useStores();
  const [from, setFrom] = useState(today(-6));
  const [to, setTo] = useState(today());
  const [storeId, setStoreId] = useState('');
  const [tillId, setTillId] = useState('');
  const [status, setStatus] = useState('');
  const [wallet, setWallet] = useState('');
  const [rows, setRows] = useState<PixRow[]>([]);
  const [error, setError] = useState('');
  const load = async () => {
    setError('');
    try {
      setRows((await get<{ rows: PixRow[] }>('/v1/panel/pix', { de: dayStart(from), ate: dayStart(to, true), loja: storeId, caixa: tillId, pix: status, carteira: wallet })).rows);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="screen">
      <h1>Pagamentos PIX</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <Period from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <StoreTillSelect stores={stores} storeId={storeId} tillId={tillId} onStore={setStoreId} onTill={setTillId} />
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Todos</option>
            {PIX_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Carteira">
          <select value={wallet} onChange={(e) => setWallet(e.target.value)}>
            <option value="">Todas</option>
            <option value="17">PIX</option>
            <option value="18">Carteira Digital</option>
            <option value="20">PIX Estático</option>
          </select>
        </Field>
        <button type="submit" className="primary">
          Filtrar
        </button>
        {can(me, 'export') && (
          <a className="button-link" href={`/v1/panel/pix/export${query({ de: dayStart(from), ate: dayStart(to, true), loja: storeId, caixa: tillId, pix: status, carteira: wallet })}`} download onClick={(e) => download.start(e, 'XLSX', null)}>
            Exportar .xlsx
          </a>
        )}
      </form>
      <ErrorLine error={error} />
      {download.view}
      <div className="table-wrap">
        <table aria-label="Pagamentos PIX">
          <thead>
            <tr>
              <th scope="col">Data/hora</th>
              <th scope="col">Loja / Caixa</th>
              <th scope="col">Venda</th>
              <th scope="col">Carteira</th>
              <th scope="col">Status</th>
              <th scope="col">Valor</th>
              <th scope="col">End-to-end</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.saleId}-${i}`}>
                <td>{formatDateTime(r.at)}</td>
                <td>
                  {r.storeName} / {r.tillName}
                </td>
                <td className="num">{r.number ?? '—'}</td>
                <td>{r.wallet}</td>
                <td>{r.status}</td>
                <td className="num">{formatBRL(r.amountCents)}</td>
                <td>{r.endToEnd ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
