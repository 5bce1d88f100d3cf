import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../api';
import { formatDateTime } from '../format';
import { ErrorLine, Field, Modal } from '../ui';

interface Keys {
  scopes: string[];
  keys: { id: string; name: string; scopes: string[]; storeIds: string[] | null; createdAt: string; revokedAt: string | null; lastUsedAt: string | null }[];
}

export function Integrations() {
  const [data, setData] = useState<Keys | null>(null);
  const [error, setError] = useState('');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const load = async () => setData(await get<Keys>('/v1/panel/api-keys'));
  useEffect(() => {
    load().catch((e) => setError((e as Error).message));
  }, []);
  const act = async (path: string, id: string) => {
    try {
      const r = await post<{ key?: string }>(path, { id });
      if (r.key) setShown(r.key);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="screen">
      <div className="title-row">
        <h1>Integrações</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Nova chave
        </button>
      </div>
      <ErrorLine error={error} />
      {shown && (
        <div role="status" className="warn">
          Chave criada (mostrada só agora): <code>{shown}</code>
        </div>
      )}
      <table aria-label="Chaves de API">
        <thead>
          <tr>
            <th scope="col">Nome</th>
            <th scope="col">Escopos</th>
            <th scope="col">Criada</th>
            <th scope="col">Situação</th>
            <th scope="col">
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.scopes.join(', ')}</td>
              <td>{formatDateTime(k.createdAt)}</td>
              <td>{k.revokedAt ? `Revogada em ${formatDateTime(k.revokedAt)}` : 'Ativa'}</td>
              <td>
                {!k.revokedAt && (
                  <>
                    <button type="button" onClick={() => void act('/v1/panel/api-keys/rotate', k.id)}>
                      Rotacionar
                    </button>{' '}
                    <button type="button" onClick={() => void act('/v1/panel/api-keys/revoke', k.id)}>
                      Revogar
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && data && (
        <NewKey
          scopes={data.scopes}
          onClose={() => setCreating(false)}
          onDone={(key) => {
            setCreating(false);
            setShown(key);
            void load();
          }}
        />
      )}
    </div>
  );
}

function NewKey({ scopes, onClose, onDone }: { scopes: string[]; onClose: () => void; onDone: (key: string) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone((await post<{ key: string }>('/v1/panel/api-keys', { name, scopes: chosen })).key);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title="Nova chave" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <Field label="Nome">
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </Field>
        <fieldset>
          <legend>Escopos</legend>
          {scopes.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s] : c.filter((x) => x !== s)))} />
              {s}
            </label>
          ))}
        </fieldset>
        <ErrorLine error={error} />
        <button type="submit" className="primary">
          Criar chave
        </button>
      </form>
    </Modal>
  );
}
