import { useEffect, useState, type FormEvent } from 'react';
import { get, post } from '../api';
import { ErrorLine, Field, Modal, useStores } from '../ui';

interface UsersData {
  panel: { id: string; email: string; name: string; role: string; roleLabel: string; storeIds: string[] | null; totp: boolean; active: boolean }[];
  till: { id: string; storeName: string; name: string; role: string; active: boolean }[];
}

const ROLES: [string, string][] = [
  ['administrador', 'Administrador'],
  ['gerente', 'Gerente de loja'],
  ['operador', 'Operador de retaguarda'],
  ['visualizador', 'Visualizador'],
];

export function Users() {
  const [stores] = useStores();
  const [data, setData] = useState<UsersData | null>(null);
  const [error, setError] = useState('');
  const [form, setForm] = useState<'panel' | 'till' | null>(null);
  const [pinFor, setPinFor] = useState<{ id: string; name: string } | null>(null);
  const load = async () => setData(await get<UsersData>('/v1/panel/users'));
  useEffect(() => {
    load().catch((e) => setError((e as Error).message));
  }, []);
  const toggle = async (userId: string, active: boolean) => {
    try {
      await post('/v1/panel/users/active', { userId, active });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
  return (
    <div className="screen">
      <div className="title-row">
        <h1>Usuários</h1>
        <button type="button" className="primary" onClick={() => setForm('panel')}>
          Novo usuário
        </button>
        <button type="button" onClick={() => setForm('till')}>
          Novo usuário de caixa
        </button>
      </div>
      <ErrorLine error={error} />
      <section className="card" aria-labelledby="h-panel-users">
        <h2 id="h-panel-users">Usuários do painel</h2>
        <table aria-label="Usuários do painel">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Nome</th>
              <th scope="col">Perfil</th>
              <th scope="col">Lojas</th>
              <th scope="col">Dois fatores</th>
              <th scope="col">Situação</th>
            </tr>
          </thead>
          <tbody>
            {data?.panel.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>{u.roleLabel}</td>
                <td>{u.storeIds ? u.storeIds.map(storeName).join(', ') : 'Todas'}</td>
                <td>{u.totp ? 'Ativo' : '—'}</td>
                <td>
                  <button type="button" onClick={() => void toggle(u.id, !u.active)} aria-label={`${u.active ? 'Desativar' : 'Reativar'} ${u.email}`}>
                    {u.active ? 'Desativar' : 'Reativar'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="h-till-users">
        <h2 id="h-till-users">Usuários dos caixas</h2>
        <table aria-label="Usuários dos caixas">
          <thead>
            <tr>
              <th scope="col">Loja</th>
              <th scope="col">Nome</th>
              <th scope="col">Perfil</th>
              <th scope="col">
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.till.map((u) => (
              <tr key={u.id}>
                <td>{u.storeName}</td>
                <td>{u.name}</td>
                <td>{u.role}</td>
                <td>
                  <button type="button" aria-label={`Redefinir PIN de ${u.name} (${u.storeName})`} onClick={() => setPinFor(u)}>
                    Redefinir PIN
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {pinFor && <PinReset user={pinFor} onClose={() => setPinFor(null)} />}
      {form && (
        <UserForm
          kind={form}
          stores={stores}
          onClose={() => setForm(null)}
          onDone={() => {
            setForm(null);
            void load();
          }}
        />
      )}
    </div>
  );
}

function UserForm({ kind, stores, onClose, onDone }: { kind: 'panel' | 'till'; stores: { id: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState(kind === 'panel' ? 'operador' : 'caixa');
  const [password, setPassword] = useState('');
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (kind === 'panel') await post('/v1/panel/users', { email, name, role, password, storeIds: role === 'gerente' ? storeIds : undefined });
      else await post('/v1/panel/till-users', { storeId: storeIds[0] ?? '', name, role, pin: password });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title={kind === 'panel' ? 'Novo usuário' : 'Novo usuário de caixa'} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        {kind === 'panel' && (
          <Field label="E-mail">
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
          </Field>
        )}
        <Field label="Nome">
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Perfil">
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {(kind === 'panel' ? ROLES : [['caixa', 'Operador'], ['gerente', 'Gerente']]).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        {(kind === 'till' || role === 'gerente') && (
          <Field label={kind === 'till' ? 'Loja' : 'Lojas'}>
            <select multiple={kind === 'panel'} value={kind === 'panel' ? storeIds : storeIds[0] ?? ''} onChange={(e) => setStoreIds([...e.target.selectedOptions].map((o) => o.value).filter(Boolean))}>
              {kind === 'till' && <option value="">Escolha</option>}
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={kind === 'panel' ? 'Senha' : 'PIN'}>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
        </Field>
        <ErrorLine error={error} />
        <button type="submit" className="primary">
          Salvar
        </button>
      </form>
    </Modal>
  );
}

function PinReset({ user, onClose }: { user: { id: string; name: string }; onClose: () => void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/v1/panel/till-users/pin', { userId: user.id, pin });
      setDone(true);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title={`Redefinir PIN — ${user.name}`} onClose={onClose}>
      {done ? (
        <p role="status">PIN alterado; os caixas recebem na próxima sincronização.</p>
      ) : (
        <form onSubmit={submit} className="stack">
          <Field label="Novo PIN">
            <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} maxLength={8} required autoFocus autoComplete="new-password" />
          </Field>
          <ErrorLine error={error} />
          <button type="submit" className="primary">
            Salvar
          </button>
        </form>
      )}
    </Modal>
  );
}
