import { useState, type FormEvent } from 'react';
import { post } from '../api';
import { formatBRL, formatDateTime } from '../format';
import { can, type Me } from '../session';
import { ErrorLine, Field, Modal, useStores, type StoreInfo } from '../ui';

function NewStore({ onDone, onClose }: { onDone: () => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const [cnpj, setCnpj] = useState('');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/v1/panel/stores', { name, cnpj, address, phone });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title="Nova loja" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <Field label="Nome">
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </Field>
        <Field label="CNPJ">
          <input value={cnpj} onChange={(e) => setCnpj(e.target.value)} required inputMode="numeric" />
        </Field>
        <Field label="Endereço">
          <input value={address} onChange={(e) => setAddress(e.target.value)} />
        </Field>
        <Field label="Telefone">
          <input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" />
        </Field>
        <ErrorLine error={error} />
        <button type="submit" className="primary">
          Adicionar
        </button>
      </form>
    </Modal>
  );
}

function NewTill({ store, onDone, onClose }: { store: StoreInfo; onDone: () => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [created, setCreated] = useState<{ tillId: string; secret: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setCreated(await post('/v1/panel/tills', { storeId: store.id, name }));
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Modal title={`Novo caixa — ${store.name}`} onClose={onClose}>
      {created ? (
        <div className="stack" role="status">
          <p>
            <strong>Credencial do caixa (mostrada só agora):</strong> informe no caixa em Configurações &gt; Retaguarda.
          </p>
          <Field label="Identificador do caixa">
            <input readOnly value={created.tillId} />
          </Field>
          <Field label="Segredo">
            <input readOnly value={created.secret} />
          </Field>
        </div>
      ) : (
        <form onSubmit={submit} className="stack">
          <Field label="Nome do caixa">
            <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus placeholder="Caixa 2" />
          </Field>
          <ErrorLine error={error} />
          <button type="submit" className="primary">
            Criar caixa
          </button>
        </form>
      )}
    </Modal>
  );
}

export function Stores({ me }: { me: Me }) {
  const [stores, reload] = useStores();
  const [newStore, setNewStore] = useState(false);
  const [tillFor, setTillFor] = useState<StoreInfo | null>(null);
  const [error, setError] = useState('');
  const revoke = async (tillId: string, name: string) => {
    if (!window.confirm(`Revogar a credencial do ${name}? O caixa deixa de sincronizar até receber uma nova.`)) return;
    try {
      await post('/v1/panel/tills/revoke', { tillId });
      await reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="screen">
      <div className="title-row">
        <h1>Lojas</h1>
        {can(me, 'stores:write') && (
          <button type="button" className="primary" onClick={() => setNewStore(true)}>
            Nova loja
          </button>
        )}
      </div>
      <ErrorLine error={error} />
      {stores.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`store-${s.id}`}>
          <div className="title-row">
            <h2 id={`store-${s.id}`}>{s.name}</h2>
            <span className="hint">
              CNPJ {s.cnpj.replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, '$1.$2.$3/$4-$5')} {s.address && `· ${s.address}`} {s.phone && `· ${s.phone}`}
            </span>
          </div>
          <table aria-label={`Caixas — ${s.name}`}>
            <caption className="sr-only">Caixas</caption>
            <thead>
              <tr>
                <th scope="col">Caixa</th>
                <th scope="col">Última sincronização</th>
                <th scope="col">Registros</th>
                <th scope="col">A enviar</th>
                <th scope="col">Versão</th>
                <th scope="col">Último turno</th>
                <th scope="col">Situação</th>
                <th scope="col">
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.tills.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.lastSeenAt ? formatDateTime(t.lastSeenAt) : 'nunca'}</td>
                  <td className="num">{t.lastRecordSeq}</td>
                  <td className="num" title={t.statusAt ? `informado em ${formatDateTime(t.statusAt)}` : undefined}>
                    {t.backlog === null ? '—' : t.backlog}
                  </td>
                  <td>{t.appVersion ?? '—'}</td>
                  <td>
                    {t.lastShift
                      ? `${formatDateTime(t.lastShift.openedAt)} ${t.lastShift.closedAt ? `→ ${formatDateTime(t.lastShift.closedAt)} (diferença ${formatBRL(t.lastShift.differenceCents ?? 0)})` : '(aberto)'}`
                      : '—'}
                  </td>
                  <td>{t.revokedAt ? `Revogado em ${formatDateTime(t.revokedAt)}` : 'Ativo'}</td>
                  <td>
                    {can(me, 'tills:write') && !t.revokedAt && (
                      <button type="button" onClick={() => void revoke(t.id, t.name)}>
                        Revogar
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {can(me, 'tills:write') && (
            <button type="button" onClick={() => setTillFor(s)}>
              Novo caixa
            </button>
          )}
        </section>
      ))}
      {newStore && (
        <NewStore
          onClose={() => setNewStore(false)}
          onDone={() => {
            setNewStore(false);
            void reload();
          }}
        />
      )}
      {tillFor && <NewTill store={tillFor} onClose={() => setTillFor(null)} onDone={() => void reload()} />}
    </div>
  );
}
