import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ROLE_LABEL } from '../../../shared/api/users';
import { call, setSessionLostHandler } from '../bridge';
import { Alert } from '../ui/Dialog';
import { ApprovalHost } from './approval';
import { useUsers } from './store';
import './users.css';

/**
 * Nobody sells before logging in: "Primeiro acesso" on a fresh database,
 * else the login screen ("Usuário", "PIN", Enter) until someone is in and the
 * till is not locked. Auto-locks after the configured inactivity.
 * `body[data-gate]` tells tests which one is showing.
 */
export function LoginGate({ children }: { children: ReactNode }) {
  const state = useUsers((s) => s.state);
  const error = useUsers((s) => s.error);

  useEffect(() => {
    void useUsers.getState().load();
    // The core locked the till (idle, restart) or ended the session (closed shift): show the login.
    setSessionLostHandler(() => {
      if (!useUsers.getState().held) void useUsers.getState().load();
    });
    return () => setSessionLostHandler(null);
  }, []);

  const gate = !state
    ? 'loading'
    : state.needsFirstAccess
      ? 'first-access'
      : !state.session || state.locked
        ? 'login'
        : state.mustChangePin
          ? 'change-pin'
          : 'open';
  useEffect(() => {
    document.body.dataset.gate = gate;
  }, [gate]);

  const minutes = state?.settings.autoLockMinutes ?? 0;
  useAutoLock(gate === 'open' ? minutes : 0);

  if (!state) return <Alert text={error} />;
  if (gate === 'first-access') return <FirstAccessScreen />;
  if (gate === 'login') return <LoginScreen />;
  if (gate === 'change-pin') return <ChangePinScreen />;
  return (
    <>
      {children}
      <ApprovalHost />
    </>
  );
}

function useAutoLock(minutes: number) {
  useEffect(() => {
    if (minutes <= 0) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void useUsers.getState().lock(), minutes * 60_000);
    };
    arm();
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, arm, true);
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm, true);
    };
  }, [minutes]);
}

function FirstAccessScreen() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    const pin = String(f.get('pin') ?? '');
    const pinConfirm = String(f.get('pinConfirm') ?? '');
    if (!name) return fail('Informe o nome do gerente.', 'fa-name');
    if (!/^\d{6,8}$/.test(pin)) return fail('O PIN do gerente deve ter de 6 a 8 dígitos (só números).', 'fa-pin');
    if (pin !== pinConfirm) return fail('Os dois PINs não são iguais. Digite o mesmo PIN duas vezes.', 'fa-pin2');
    setBusy(true);
    const r = await call('users.firstAccess', { name, pin, pinConfirm });
    setBusy(false);
    if (r.ok) useUsers.getState().apply(r.value);
    else setError(r.error.message);
  };
  const fail = (text: string, focus: string) => {
    setError(text);
    document.getElementById(focus)?.focus();
  };
  return (
    <main className="login-screen" aria-label="Primeiro acesso">
      <form className="login-card" onSubmit={submit}>
        <h1>Primeiro acesso</h1>
        <p className="hint">Crie o primeiro gerente deste caixa. Ele cadastra os operadores em Configurações &gt; Usuários.</p>
        <label htmlFor="fa-name">Nome</label>
        <input id="fa-name" name="name" autoComplete="off" maxLength={60} autoFocus />
        <label htmlFor="fa-pin">PIN</label>
        <input id="fa-pin" name="pin" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <label htmlFor="fa-pin2">Confirme o PIN</label>
        <input id="fa-pin2" name="pinConfirm" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <Alert text={error} />
        <button type="submit" className="primary" disabled={busy}>
          Criar gerente e entrar
        </button>
      </form>
    </main>
  );
}

function LoginScreen() {
  const state = useUsers((s) => s.state)!;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const lockedBy = state.locked ? state.session : null;

  useEffect(() => {
    pinRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const userId = Number(f.get('user'));
    const pin = String(f.get('pin') ?? '');
    if (!userId) return setError('Escolha o usuário.');
    if (!/^\d{4,8}$/.test(pin)) {
      setError('Digite o PIN (4 a 8 dígitos).');
      return pinRef.current?.focus();
    }
    setBusy(true);
    const r = await call('users.login', { userId, pin });
    setBusy(false);
    if (r.ok) return useUsers.getState().apply(r.value);
    setError(r.error.message);
    if (pinRef.current) {
      pinRef.current.value = '';
      pinRef.current.focus();
    }
  };

  const initial = lockedBy?.id ?? (state.users.length === 1 ? state.users[0].id : undefined);
  return (
    <main className="login-screen" aria-label="Entrar">
      <form className="login-card" onSubmit={submit}>
        <h1>{lockedBy ? 'Caixa bloqueado' : 'Entrar'}</h1>
        {lockedBy && <p className="hint">Bloqueado por {lockedBy.name}. Entre com o seu PIN ou com outro usuário (a venda aberta continua).</p>}
        <label htmlFor="login-user">Usuário</label>
        <select id="login-user" name="user" defaultValue={initial !== undefined ? String(initial) : ''}>
          {initial === undefined && <option value="">Escolha…</option>}
          {state.users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({ROLE_LABEL[u.role]})
            </option>
          ))}
        </select>
        <label htmlFor="login-pin">PIN</label>
        <input id="login-pin" ref={pinRef} name="pin" type="password" inputMode="numeric" maxLength={8} autoComplete="off" />
        <Alert text={error} />
        <button type="submit" className="primary" disabled={busy}>
          Entrar
        </button>
      </form>
    </main>
  );
}

/** A Gerente whose PIN has fewer than 6 digits changes it before anything else (the core refuses the rest). */
function ChangePinScreen() {
  const state = useUsers((s) => s.state)!;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const currentPin = String(f.get('current') ?? '');
    const pin = String(f.get('pin') ?? '');
    const pinConfirm = String(f.get('pin2') ?? '');
    if (!/^\d{6,8}$/.test(pin)) return setError('O novo PIN do gerente deve ter de 6 a 8 dígitos (só números).');
    if (pin !== pinConfirm) return setError('Os dois PINs novos não são iguais.');
    setBusy(true);
    const r = await call('users.changeOwnPin', { currentPin, pin, pinConfirm });
    setBusy(false);
    if (r.ok) return useUsers.getState().apply(r.value);
    setError(r.error.message);
  };
  return (
    <main className="login-screen" aria-label="Trocar PIN">
      <form className="login-card" onSubmit={submit}>
        <h1>Trocar PIN</h1>
        <p className="hint">
          {state.session?.name}: o PIN de um gerente agora tem de 6 a 8 dígitos. Troque o seu para continuar.
        </p>
        <label htmlFor="cp-current">PIN atual</label>
        <input id="cp-current" ref={first} name="current" type="password" inputMode="numeric" maxLength={8} autoComplete="current-password" />
        <label htmlFor="cp-pin">Novo PIN</label>
        <input id="cp-pin" name="pin" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <label htmlFor="cp-pin2">Confirme o novo PIN</label>
        <input id="cp-pin2" name="pin2" type="password" inputMode="numeric" maxLength={8} autoComplete="new-password" />
        <Alert text={error} />
        <button type="submit" className="primary" disabled={busy}>
          Trocar PIN
        </button>
      </form>
    </main>
  );
}
