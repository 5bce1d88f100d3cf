import { useEffect, useState } from 'react';
import { get } from '../api';
import { dayStart, formatDateTime, today } from '../format';
import { ErrorLine, Field, Period, StoreTillSelect, useStores } from '../ui';

interface AuditRow {
  source: string;
  at: string;
  storeName: string | null;
  tillName: string | null;
  actor: string;
  approver: string | null;
  action: string;
  details: unknown;
}

export function Audit() {
  const [stores] = useStores();
  const [from, setFrom] = useState(today(-6));
  const [to, setTo] = useState(today());
  const [storeId, setStoreId] = useState('');
  const [tillId, setTillId] = useState('');
  const [user, setUser] = useState('');
  const [action, setAction] = useState('');
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [error, setError] = useState('');
  const load = async () => {
    setError('');
    try {
      setRows((await get<{ rows: AuditRow[] }>('/v1/panel/audit', { de: dayStart(from), ate: dayStart(to, true), loja: storeId, caixa: tillId, usuario: user, acao: action })).rows);
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
      <h1>Auditoria</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <Period from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <StoreTillSelect stores={stores} storeId={storeId} tillId={tillId} onStore={setStoreId} onTill={setTillId} />
        <Field label="Usuário">
          <input value={user} onChange={(e) => setUser(e.target.value)} className="mid" />
        </Field>
        <Field label="Ação">
          <input value={action} onChange={(e) => setAction(e.target.value)} className="mid" />
        </Field>
        <button type="submit" className="primary">
          Filtrar
        </button>
      </form>
      <ErrorLine error={error} />
      <div className="table-wrap">
        <table aria-label="Registros de auditoria">
          <thead>
            <tr>
              <th scope="col">Data/hora</th>
              <th scope="col">Origem</th>
              <th scope="col">Loja / Caixa</th>
              <th scope="col">Usuário</th>
              <th scope="col">Ação</th>
              <th scope="col">Detalhes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.source === 'painel' ? 'Painel' : 'Caixa'}</td>
                <td>{[r.storeName, r.tillName].filter(Boolean).join(' / ') || '—'}</td>
                <td>
                  {r.actor}
                  {r.approver ? ` (aprovado por ${r.approver})` : ''}
                </td>
                <td>{r.action}</td>
                <td className="details">{JSON.stringify(r.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
