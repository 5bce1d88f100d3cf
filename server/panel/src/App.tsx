import { useCallback, useEffect, useState } from 'react';
import { get, post, setCsrf, setOnUnauthorized } from './api';
import { can, type SessionInfo } from './session';
import { Login, FirstAccess, TotpStep } from './screens/Access';
import { Dashboard } from './screens/Dashboard';
import { Transactions } from './screens/Transactions';
import { PixPayments } from './screens/Pix';
import { Stores } from './screens/Stores';
import { Products } from './screens/Products';
import { Users } from './screens/Users';
import { Integrations } from './screens/Integrations';
import { Audit } from './screens/Audit';
import { Security } from './screens/Security';

const SCREENS = [
  { id: 'painel', label: 'Painel', perm: 'read' },
  { id: 'transacoes', label: 'Transações', perm: 'read' },
  { id: 'pix', label: 'Pagamentos PIX', perm: 'read' },
  { id: 'lojas', label: 'Lojas', perm: 'read' },
  { id: 'produtos', label: 'Produtos', perm: 'read' },
  { id: 'usuarios', label: 'Usuários', perm: 'users:write' },
  { id: 'integracoes', label: 'Integrações', perm: 'integrations:write' },
  { id: 'auditoria', label: 'Auditoria', perm: 'audit:read' },
  { id: 'seguranca', label: 'Segurança', perm: 'session' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

export function App() {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [screen, setScreen] = useState<ScreenId>('painel');
  const reload = useCallback(async () => {
    const s = await get<SessionInfo>('/v1/panel/session');
    setCsrf(s.csrf ?? '');
    setSession(s);
  }, []);
  useEffect(() => {
    setOnUnauthorized(() => void reload());
    void reload();
  }, [reload]);

  const who = session?.user?.email ?? null;
  useEffect(() => setScreen('painel'), [who]);
  useEffect(() => {
    document.body.dataset.ready = session ? 'true' : 'false';
  }, [session]);

  if (!session) return <p className="loading">Carregando…</p>;
  if (!session.user) {
    return session.firstAccess ? <FirstAccess onDone={reload} /> : <Login onDone={reload} />;
  }
  if (session.step === 'totp' || session.step === 'enroll') return <TotpStep enroll={session.step === 'enroll'} onDone={reload} />;
  const me = session.user;
  const visible = SCREENS.filter((s) => can(me, s.perm));
  const current = visible.find((s) => s.id === screen) ?? visible[0];
  const sair = async () => {
    await post('/v1/panel/logout').catch(() => {});
    await reload();
  };
  return (
    <div className="shell">
      <header className="top">
        <strong>Retaguarda Balcão</strong>
        <nav aria-label="Menu principal">
          {visible.map((s) => (
            <button key={s.id} type="button" aria-current={s.id === current.id ? 'page' : undefined} onClick={() => setScreen(s.id)}>
              {s.label}
            </button>
          ))}
        </nav>
        <span className="who" title={me.email}>
          {me.name} · {me.roleLabel}
        </span>
        <button type="button" onClick={sair}>
          Sair
        </button>
      </header>
      <main>
        {current.id === 'painel' && <Dashboard />}
        {current.id === 'transacoes' && <Transactions me={me} />}
        {current.id === 'pix' && <PixPayments me={me} />}
        {current.id === 'lojas' && <Stores me={me} />}
        {current.id === 'produtos' && <Products me={me} />}
        {current.id === 'usuarios' && <Users />}
        {current.id === 'integracoes' && <Integrations />}
        {current.id === 'auditoria' && <Audit />}
        {current.id === 'seguranca' && <Security session={session} onChange={reload} />}
      </main>
    </div>
  );
}
