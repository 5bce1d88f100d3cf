import { useState } from 'react';
import { post } from '../api';
import { can, type SessionInfo } from '../session';
import { ErrorLine, Field } from '../ui';

/** "Autenticação em dois fatores": turn TOTP on for oneself; the Administrador may require it for administrators. */
export function Security({ session, onChange }: { session: SessionInfo; onChange: () => Promise<void> }) {
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const me = session.user!;
  const run = async (fn: () => Promise<void>) => {
    setError('');
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="screen">
      <h1>Segurança</h1>
      <section className="card" aria-labelledby="h-totp">
        <h2 id="h-totp">Autenticação em dois fatores</h2>
        {session.totpEnabled ? (
          <p>Ativa para {me.email}.</p>
        ) : setup ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await post('/v1/panel/totp/enable', { code });
                setDone('Autenticação em dois fatores ativada.');
                setSetup(null);
                await onChange();
              });
            }}
          >
            <img src={setup.qr} alt="QR Code para o aplicativo autenticador" width={160} height={160} />
            <p>
              Chave: <code>{setup.secret}</code>
            </p>
            <Field label="Código">
              <input inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required />
            </Field>
            <button type="submit" className="primary">
              Ativar
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => void run(async () => setSetup(await post('/v1/panel/totp/setup')))}>
            Configurar autenticação em dois fatores
          </button>
        )}
        {done && <p role="status">{done}</p>}
        <ErrorLine error={error} />
      </section>
      {can(me, 'settings:write') && (
        <section className="card" aria-labelledby="h-totp-admin">
          <h2 id="h-totp-admin">Exigência</h2>
          <label className="check">
            <input
              type="checkbox"
              checked={!!session.totpRequiredAdmin}
              onChange={(e) => void run(async () => {
                await post('/v1/panel/settings/totp', { required: e.target.checked });
                await onChange();
              })}
            />
            Exigir autenticação em dois fatores para Administradores
          </label>
        </section>
      )}
    </div>
  );
}
