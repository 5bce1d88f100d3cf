import { useRef, useState, type FormEvent } from 'react';
import type { RetaguardaView } from '../../../shared/api/retaguarda';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { settingsLoading, useSettingsForm } from '../ui/settingsForm';
import '../loyalty/loyalty.css';

type Field = 'url' | 'tillId' | 'secret';
interface Form {
  url: string;
  tillId: string;
  secret: string;
}

const formFrom = (v: RetaguardaView): Form => ({ url: v.url, tillId: v.tillId, secret: '' });

/**
 * Configurações > "Retaguarda" (Gerente only): the store server's address and this caixa's credential
 * (the id and the secret shown once by `npm run server -- till:create`). "Conectar" checks them with the
 * server before saving; from then on the till's sales, cancellations, shifts and audit go to it through
 * "Sincronização". Paired by the environment (BALCAO_RETAGUARDA_*), the screen only shows the pairing.
 */
export function RetaguardaSettingsScreen() {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<Field, React.RefObject<HTMLInputElement | null>> = {
    url: useRef<HTMLInputElement>(null),
    tillId: useRef<HTMLInputElement>(null),
    secret: useRef<HTMLInputElement>(null),
  };
  const { view, form, error, set, save } = useSettingsForm({
    load: () => call('retaguarda.get', {}),
    save: (f: Form) => call('retaguarda.connect', f),
    formFrom,
    fields: refs,
    onEdit: () => setStatus(null),
  });

  if (!view || !form) return settingsLoading('Retaguarda', error);
  const fromEnv = view.source === 'ambiente';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setBusy(true);
    try {
      if (await save()) setStatus('Conectado à retaguarda. As vendas deste caixa serão enviadas pela Sincronização.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page retaguarda-settings">
      <h1>Retaguarda</h1>
      <p className="hint">
        {view.storeName
          ? `Pareado: ${view.tillName ?? 'caixa'} da ${view.storeName}.`
          : fromEnv
            ? 'Pareado pelo ambiente (BALCAO_RETAGUARDA_URL, _CAIXA e _SEGREDO).'
            : 'Este caixa trabalha sozinho. Conecte-o ao servidor da loja para enviar as vendas e receber o catálogo.'}
      </p>
      <form className="hub-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <label htmlFor="rtg-url">Servidor</label>
        <input id="rtg-url" ref={refs.url} value={form.url} readOnly={fromEnv} placeholder="https://retaguarda.loja.com.br" autoComplete="off" spellCheck={false} onChange={(e) => set('url', e.target.value)} />
        <label htmlFor="rtg-till">Caixa</label>
        <input id="rtg-till" ref={refs.tillId} value={form.tillId} readOnly={fromEnv} placeholder="código do caixa (tillId)" autoComplete="off" spellCheck={false} onChange={(e) => set('tillId', e.target.value)} />
        <label htmlFor="rtg-secret">Segredo</label>
        <div>
          <input
            id="rtg-secret"
            ref={refs.secret}
            type="password"
            value={form.secret}
            readOnly={fromEnv}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="rtg-secret-hint"
            onChange={(e) => set('secret', e.target.value)}
          />
          <p id="rtg-secret-hint" className="hint">
            {view.hasSecret ? 'Guardado cifrado neste computador. Deixe em branco para mantê-lo.' : 'Mostrado uma vez pela retaguarda ao criar o caixa.'}
          </p>
        </div>
        <div className="full">
          <Alert text={error} />
          {status && <p role="status">{status}</p>}
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || fromEnv}>
            {busy ? 'Conectando…' : 'Conectar'}
          </button>
        </div>
      </form>
    </div>
  );
}
