import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABEL, type Role, type UserRow } from '../../../shared/api/users';
import { call } from '../bridge';
import { ServerOwnedNote, useServerOwned } from '../retaguarda/serverOwned';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Alert, Dialog, FormActions } from '../ui/Dialog';
import { useUsers } from './store';

/**
 * Configurações > "Usuários": create, change role, reset PIN, deactivate; auto-lock and the discount limit.
 * Only a Gerente's own session manages users (the core refuses them to an Operador, even with "Configurações"
 * approved): an Operador sees why and a way to hand the till to a Gerente.
 */
export function UsersScreen() {
  const role = useUsers((s) => s.state?.session?.role);
  if (role !== 'gerente') return <ManagerOnly />;
  return <UsersManagement />;
}

function ManagerOnly() {
  return (
    <div className="page users-page">
      <h1>Usuários</h1>
      <p role="note" className="warn">
        Só um gerente, entrando com o próprio PIN, cria usuários, troca perfis e redefine PINs. A aprovação de Configurações
        não vale para isso.
      </p>
      <button type="button" className="primary" onClick={() => void useUsers.getState().lock()}>
        Entrar como gerente
      </button>
    </div>
  );
}

function UsersManagement() {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  // Paired with the Retaguarda: users, roles and PINs come from the server (the core refuses them here).
  const paired = useServerOwned();
  const owned = paired ? { disabled: true, 'aria-describedby': 'users-owned' } : {};
  /** What waits for "Desativar" / "Alterar perfil" to be confirmed. */
  const [asking, setAsking] = useState<{ kind: 'deactivate'; user: UserRow } | { kind: 'role'; user: UserRow; role: Role } | null>(null);

  const load = useCallback(async () => {
    const r = await call('users.list', {});
    if (r.ok) setUsers(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const done = async (r: { ok: boolean; error?: { message: string } }, text: string) => {
    if (r.ok) {
      setError(null);
      setInfo(text);
      await load();
      await useUsers.getState().load();
    } else {
      setInfo(null);
      setError(r.error!.message);
    }
  };

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const name = String(f.get('name') ?? '').trim();
    const role = String(f.get('role')) as Role;
    const pin = String(f.get('pin') ?? '');
    if (!name) return setError('Informe o nome do novo usuário.');
    if (!/^\d{4,8}$/.test(pin)) return setError('O PIN deve ter de 4 a 8 dígitos (só números).');
    if (pin !== String(f.get('pin2') ?? '')) return setError('Os dois PINs não são iguais.');
    const r = await call('users.create', { name, role, pin });
    await done(r, `Usuário ${name} criado.`);
    if (r.ok) form.reset();
  };

  return (
    <div className="page users-page">
      <h1>Usuários</h1>
      <Alert text={error} />
      {info && (
        <p role="status" className="hint">
          {info}
        </p>
      )}
      <table aria-label="Usuários" className="users-table">
        <thead>
          <tr>
            <th scope="col">Nome</th>
            <th scope="col">Perfil</th>
            <th scope="col">Situação</th>
            <th scope="col">Ações</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{ROLE_LABEL[u.role]}</td>
              <td>{!u.active ? 'Inativo' : u.hasPin ? 'Ativo' : 'Sem PIN'}</td>
              <td>
                <div className="users-row-actions">
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Perfil de {u.name}
                  </label>
                  <select
                    {...owned}
                    id={`role-${u.id}`}
                    value={u.role}
                    onChange={(e) => setAsking({ kind: 'role', user: u, role: e.target.value as Role })}
                  >
                    <option value="caixa">Operador</option>
                    <option value="gerente">Gerente</option>
                  </select>
                  <button type="button" {...owned} aria-label={`Redefinir PIN de ${u.name}`} onClick={() => setResetting(u)}>
                    Redefinir PIN
                  </button>
                  <button
                    type="button"
                    {...owned}
                    aria-label={`${u.active ? 'Desativar' : 'Reativar'} ${u.name}`}
                    onClick={() =>
                      u.active ? setAsking({ kind: 'deactivate', user: u }) : void call('users.setActive', { id: u.id, active: true }).then((r) => done(r, `${u.name} reativado.`))
                    }
                  >
                    {u.active ? 'Desativar' : 'Reativar'}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ServerOwnedNote paired={paired} what="users" id="users-owned" />
      {!paired && (
      <form className="form-section" onSubmit={create} aria-labelledby="new-user-h">
        <h2 id="new-user-h">Novo usuário</h2>
        <label htmlFor="nu-name">Nome</label>
        <input id="nu-name" name="name" maxLength={60} autoComplete="off" />
        <label htmlFor="nu-role">Perfil</label>
        <select id="nu-role" name="role" defaultValue="caixa">
          <option value="caixa">Operador</option>
          <option value="gerente">Gerente</option>
        </select>
        <label htmlFor="nu-pin">PIN</label>
        <input id="nu-pin" name="pin" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <label htmlFor="nu-pin2">Confirme o PIN</label>
        <input id="nu-pin2" name="pin2" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <div className="actions">
          <button type="submit" className="primary">
            Criar usuário
          </button>
        </div>
      </form>
      )}

      <LimitsForm paired={paired} onSaved={(text) => done({ ok: true }, text)} onError={(m) => done({ ok: false, error: { message: m } }, '')} />

      {asking?.kind === 'deactivate' && (
        <ConfirmDialog
          title="Desativar usuário"
          question={`Desativar ${asking.user.name}? Não poderá mais entrar no caixa até ser reativado.`}
          confirmLabel="Desativar"
          onConfirm={async () => {
            const r = await call('users.setActive', { id: asking.user.id, active: false });
            if (r.ok) await done(r, `${asking.user.name} desativado.`);
            return r;
          }}
          onClose={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'role' && (
        <ConfirmDialog
          title="Alterar perfil"
          question={`Alterar o perfil de ${asking.user.name} de ${ROLE_LABEL[asking.user.role]} para ${ROLE_LABEL[asking.role]}?`}
          confirmLabel="Alterar perfil"
          onConfirm={async () => {
            const r = await call('users.setRole', { id: asking.user.id, role: asking.role });
            if (r.ok) await done(r, `Perfil de ${asking.user.name} alterado.`);
            return r;
          }}
          onClose={() => setAsking(null)}
        />
      )}
      {resetting && (
        <ResetPinDialog
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={(text) => {
            setResetting(null);
            void done({ ok: true }, text);
          }}
        />
      )}
    </div>
  );
}

function LimitsForm({ paired, onSaved, onError }: { paired: boolean; onSaved: (text: string) => void; onError: (m: string) => void }) {
  const settings = useUsers((s) => s.state?.settings);
  if (!settings) return null;
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const autoLockMinutes = Number(String(f.get('autolock')).trim());
    const discountLimitPercent = Number(String(f.get('limit')).trim().replace(',', '.'));
    if (!Number.isInteger(autoLockMinutes) || autoLockMinutes < 0 || autoLockMinutes > 240) return onError('Bloqueio automático: de 0 (nunca) a 240 minutos.');
    if (!Number.isFinite(discountLimitPercent) || discountLimitPercent < 0 || discountLimitPercent > 100) return onError('Limite de desconto: de 0 a 100%.');
    const r = await call('users.saveSettings', { autoLockMinutes, discountLimitPercent });
    if (r.ok) onSaved('Configurações de bloqueio e desconto salvas.');
    else onError(r.error.message);
  };
  return (
    <form className="form-section" onSubmit={save} aria-labelledby="limits-h" key={`${settings.autoLockMinutes}-${settings.discountLimitPercent}`}>
      <h2 id="limits-h">Bloqueio e limites</h2>
      <label htmlFor="us-autolock">Bloquear após inatividade (minutos)</label>
      <input id="us-autolock" name="autolock" inputMode="numeric" defaultValue={String(settings.autoLockMinutes)} />
      <p className="hint">0 = nunca bloquear sozinho.</p>
      <label htmlFor="us-limit">Limite de desconto sem gerente (%)</label>
      <input
        id="us-limit"
        name="limit"
        inputMode="decimal"
        readOnly={paired}
        aria-describedby={paired ? 'limit-owned' : undefined}
        defaultValue={String(settings.discountLimitPercent).replace('.', ',')}
      />
      <ServerOwnedNote paired={paired} what="discountLimit" id="limit-owned" />
      <div className="actions">
        <button type="submit" className="primary">
          Salvar limites
        </button>
      </div>
    </form>
  );
}

function ResetPinDialog({ user, onClose, onDone }: { user: UserRow; onClose: () => void; onDone: (text: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const pin = String(f.get('pin') ?? '');
    if (!/^\d{4,8}$/.test(pin)) return setError('O PIN deve ter de 4 a 8 dígitos (só números).');
    if (pin !== String(f.get('pin2') ?? '')) return setError('Os dois PINs não são iguais.');
    const r = await call('users.resetPin', { id: user.id, pin });
    if (r.ok) onDone(`PIN de ${user.name} redefinido.`);
    else setError(r.error.message);
  };
  return (
    <Dialog title={`Redefinir PIN de ${user.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label htmlFor="rp-pin">Novo PIN</label>
        <input id="rp-pin" name="pin" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" data-autofocus />
        <label htmlFor="rp-pin2">Confirme o novo PIN</label>
        <input id="rp-pin2" name="pin2" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <FormActions error={error} submit="Salvar PIN" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
