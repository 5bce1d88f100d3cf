import { useState, type FormEvent } from 'react';
import { post, setCsrf } from '../api';

function useSubmit(fn: () => Promise<void>) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function Login({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const r = await post<{ csrf: string }>('/v1/panel/login', { email, password });
    setCsrf(r.csrf);
    setPassword('');
    await onDone();
  });
  return (
    <main className="access">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Painel da retaguarda</h1>
        <label>
          E-mail
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          Senha
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Entrar
        </button>
      </form>
    </main>
  );
}

export function FirstAccess({ onDone }: { onDone: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    const r = await post<{ csrf: string }>('/v1/panel/first-access', { name, email, password });
    setCsrf(r.csrf);
    await onDone();
  });
  return (
    <main className="access">
      <form onSubmit={submit} aria-labelledby="first-title">
        <h1 id="first-title">Primeiro acesso</h1>
        <p>Cadastre o primeiro Administrador da retaguarda.</p>
        <label>
          Nome
          <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </label>
        <label>
          E-mail
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Senha
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <p className="hint">Ao menos 10 caracteres, com letras e números.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Criar administrador
        </button>
      </form>
    </main>
  );
}

/** The second factor: the code at sign-in, or (Administrador, setting on) turning TOTP on first. */
export function TotpStep({ enroll, onDone }: { enroll: boolean; onDone: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const start = useSubmit(async () => setSetup(await post('/v1/panel/totp/setup')));
  const { error, busy, submit } = useSubmit(async () => {
    await post(enroll ? '/v1/panel/totp/enable' : '/v1/panel/totp/verify', { code });
    await onDone();
  });
  const sair = async () => {
    await post('/v1/panel/logout').catch(() => {});
    await onDone();
  };
  return (
    <main className="access">
      <form onSubmit={enroll && !setup ? start.submit : submit} aria-labelledby="totp-title">
        <h1 id="totp-title">Autenticação em dois fatores</h1>
        {enroll && !setup && <p>Administradores precisam ativar a autenticação em dois fatores antes de continuar.</p>}
        {setup && (
          <div className="totp-setup">
            <img src={setup.qr} alt="QR Code para o aplicativo autenticador" width={160} height={160} />
            <p>
              Chave: <code>{setup.secret}</code>
            </p>
          </div>
        )}
        {(!enroll || setup) && (
          <label>
            Código
            <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required autoFocus />
          </label>
        )}
        {(error || start.error) && (
          <p role="alert" className="error">
            {error || start.error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || start.busy}>
            {enroll && !setup ? 'Configurar' : enroll ? 'Ativar' : 'Confirmar'}
          </button>
          <button type="button" onClick={sair}>
            Sair
          </button>
        </div>
      </form>
    </main>
  );
}
