import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../api';
import { formatDateTime } from '../format';
import { ErrorLine, Field, Modal, useStores, type StoreInfo } from '../ui';

interface Keys {
  scopes: string[];
  keys: { id: string; name: string; scopes: string[]; storeIds: string[] | null; createdAt: string; revokedAt: string | null; lastUsedAt: string | null }[];
}

/** What each scope lets an ERP or script do (the scope's own name stays beside it: it is what the API's docs say). */
const SCOPE_LABELS: Record<string, string> = {
  'sales:read': 'Vendas (ler)',
  'shifts:read': 'Turnos (ler)',
  'products:write': 'Produtos e preços (enviar)',
  'settings:write': 'Configurações da loja (alterar)',
  'audit:read': 'Auditoria (ler)',
};
const scopeLabel = (s: string) => SCOPE_LABELS[s] ?? s;

export function Integrations() {
  const [data, setData] = useState<Keys | null>(null);
  const [stores] = useStores();
  const [error, setError] = useState('');
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const load = async () => setData(await get<Keys>('/v1/panel/api-keys'));
  useEffect(() => {
    load().catch((e) => setError((e as Error).message));
  }, []);
  const storeNames = (ids: string[] | null) => (ids ? ids.map((id) => stores.find((s) => s.id === id)?.name ?? id).join(', ') : 'Todas');
  const act = async (path: string, id: string) => {
    try {
      const r = await post<{ key?: string }>(path, { id });
      if (r.key) setShown(r.key);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revoke = (id: string, name: string) => {
    if (window.confirm(`Revogar a chave "${name}"? O sistema que a usa deixa de acessar a retaguarda.`)) void act('/v1/panel/api-keys/revoke', id);
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
          Chave criada (mostrada só agora; copie para o sistema que vai usá-la): <code aria-label="Chave de API">{shown}</code>
        </div>
      )}
      <table aria-label="Chaves de API">
        <thead>
          <tr>
            <th scope="col">Nome</th>
            <th scope="col">Escopos</th>
            <th scope="col">Lojas</th>
            <th scope="col">Criada</th>
            <th scope="col">Último uso</th>
            <th scope="col">Situação</th>
            <th scope="col">
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.keys.length === 0 && (
            <tr>
              <td colSpan={7}>Nenhuma chave criada: use "Nova chave" para dar acesso a um ERP ou a um script da loja.</td>
            </tr>
          )}
          {data?.keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.scopes.map(scopeLabel).join(', ')}</td>
              <td>{storeNames(k.storeIds)}</td>
              <td>{formatDateTime(k.createdAt)}</td>
              <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Nunca'}</td>
              <td>{k.revokedAt ? `Revogada em ${formatDateTime(k.revokedAt)}` : 'Ativa'}</td>
              <td>
                {!k.revokedAt && (
                  <>
                    <button type="button" onClick={() => void act('/v1/panel/api-keys/rotate', k.id)}>
                      Rotacionar
                    </button>{' '}
                    <button type="button" onClick={() => revoke(k.id, k.name)}>
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
          stores={stores}
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

const byName = new Intl.Collator('pt-BR', { numeric: true }).compare;

function NewKey({ scopes, stores, onClose, onDone }: { scopes: string[]; stores: StoreInfo[]; onClose: () => void; onDone: (key: string) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [error, setError] = useState('');
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen.length) return setError('Marque ao menos um escopo.');
    try {
      onDone((await post<{ key: string }>('/v1/panel/api-keys', { name, scopes: chosen, storeIds: storeIds.length ? storeIds : null })).key);
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
        <fieldset className="choices">
          <legend>Escopos</legend>
          {scopes.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => setChosen((c) => toggle(c, s, e.target.checked))} />
              {scopeLabel(s)} <code>{s}</code>
            </label>
          ))}
        </fieldset>
        {/* In columns: a chain's 20 stores fit the dialog at 1024×768. */}
        <fieldset className="choices">
          <legend>Lojas (nenhuma marcada: todas)</legend>
          {[...stores].sort((a, b) => byName(a.name, b.name)).map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" checked={storeIds.includes(s.id)} onChange={(e) => setStoreIds((c) => toggle(c, s.id, e.target.checked))} />
              {s.name}
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
