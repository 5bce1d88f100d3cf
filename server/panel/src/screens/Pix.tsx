import { useState } from 'react';
import { get, query } from '../api';
import { can, type Me } from '../session';
import { useDownload } from '../download';
import { FilterBar, useLoader, useScope } from '../filters';
import { formatBRL, formatDateTime } from '../format';
import { ErrorLine, Field } from '../ui';

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
  const scope = useScope(-6);
  const [status, setStatus] = useState('');
  const [wallet, setWallet] = useState('');
  const params = () => ({ ...scope.params(), pix: status, carteira: wallet });
  const { value, error, load } = useLoader(async () => (await get<{ rows: PixRow[] }>('/v1/panel/pix', params())).rows);
  const rows = value ?? [];
  return (
    <div className="screen">
      <h1>Pagamentos PIX</h1>
      <FilterBar
        scope={scope}
        onSubmit={() => void load()}
        submitLabel="Filtrar"
        after={
          can(me, 'export') && (
            <a className="button-link" href={`/v1/panel/pix/export${query(params())}`} download onClick={(e) => download.start(e, 'XLSX', null)}>
              Exportar .xlsx
            </a>
          )
        }
      >
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
      </FilterBar>
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
