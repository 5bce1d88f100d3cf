import { useState } from 'react';
import { get } from '../api';
import { FilterBar, useLoader, useScope } from '../filters';
import { formatDateTime } from '../format';
import { ErrorLine, Field } from '../ui';

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
  const scope = useScope(-6);
  const [user, setUser] = useState('');
  const [action, setAction] = useState('');
  const { value, error, load } = useLoader(async () => (await get<{ rows: AuditRow[] }>('/v1/panel/audit', { ...scope.params(), usuario: user, acao: action })).rows);
  const rows = value ?? [];
  return (
    <div className="screen">
      <h1>Auditoria</h1>
      <FilterBar scope={scope} onSubmit={() => void load()} submitLabel="Filtrar">
        <Field label="Usuário">
          <input value={user} onChange={(e) => setUser(e.target.value)} className="mid" />
        </Field>
        <Field label="Ação">
          <input value={action} onChange={(e) => setAction(e.target.value)} className="mid" />
        </Field>
      </FilterBar>
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
