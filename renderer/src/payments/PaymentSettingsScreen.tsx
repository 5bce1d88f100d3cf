import { CardRulesFieldset } from './CardRulesFieldset';
import { useRef, useState, type FormEvent } from 'react';
import type { PaymentSettingsView } from '../../../shared/api/payments';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { settingsLoading, useSettingsForm } from '../ui/settingsForm';
import { usePaymentFormsStore } from './forms';
import { ServerOwnedNote, useServerOwned } from '../retaguarda/serverOwned';
import '../loyalty/loyalty.css';
import './pix.css';

type Field = 'baseUrl' | 'accessKey' | 'secretKey' | 'clientId' | 'wallet' | 'forms';

interface Form {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  clientId: string;
  wallet: string;
  forms: number[];
}

const formFrom = (v: PaymentSettingsView): Form => ({
  baseUrl: v.baseUrl,
  accessKey: v.accessKey,
  secretKey: '',
  clientId: v.clientId,
  wallet: v.wallet,
  forms: v.forms.filter((f) => f.enabled).map((f) => f.code),
});

/**
 * "Pagamentos": the payment API (Endereço da API, Access Key, Secret Key sealed and
 * never shown back, Client ID of this caixa, Carteira), the store's
 * "Formas de pagamento", "Salvar configurações" and "Testar conexão".
 */
export function PaymentSettingsScreen() {
  const [status, setStatus] = useState<string | null>(null);
  // Paired with the Retaguarda: the enabled forms are the store's (the core refuses a change here).
  const paired = useServerOwned();
  const refs: Record<Field, React.RefObject<HTMLInputElement | null>> = {
    baseUrl: useRef<HTMLInputElement>(null),
    accessKey: useRef<HTMLInputElement>(null),
    secretKey: useRef<HTMLInputElement>(null),
    clientId: useRef<HTMLInputElement>(null),
    wallet: useRef<HTMLInputElement>(null),
    forms: useRef<HTMLInputElement>(null),
  };
  const { view, form, error, setError, set, save, testing, whileTesting } = useSettingsForm({
    load: () => call('payments.settings.get', {}),
    save: (f: Form) => call('payments.settings.save', f),
    formFrom,
    fields: refs,
    onEdit: () => setStatus(null),
    onSaved: () => void usePaymentFormsStore.getState().load(),
  });

  if (!view || !form) return settingsLoading('Pagamentos', error);

  const toggle = (code: number, on: boolean) => set('forms', on ? [...form.forms, code] : form.forms.filter((c) => c !== code));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    if (await save()) setStatus('Configurações de pagamento salvas.');
  };

  const test = () =>
    whileTesting(async () => {
      setStatus(null);
      if (!(await save())) return;
      const r = await call('payments.testConnection', {});
      if (!r.ok) setError(r.error.message);
      else if (r.value.ok) setStatus(r.value.message);
      else setError(r.value.message);
    });

  return (
    <div className="page payment-settings">
      <h1>Pagamentos</h1>
      <form className="hub-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <label htmlFor="pay-url">Endereço da API</label>
        <div>
          <input id="pay-url" ref={refs.baseUrl} value={form.baseUrl} placeholder={view.defaultBaseUrl ?? 'https://api.shipay.com.br'} aria-describedby="pay-url-hint" onChange={(e) => set('baseUrl', e.target.value)} />
          <p id="pay-url-hint" className="hint">
            Endereço da API (produção https://api.shipay.com.br, homologação https://api-staging.shipay.com.br). Em branco: {view.defaultBaseUrl ?? 'não configurado'}.
          </p>
        </div>
        <label htmlFor="pay-access">Access Key</label>
        <input id="pay-access" ref={refs.accessKey} autoComplete="off" spellCheck={false} value={form.accessKey} onChange={(e) => set('accessKey', e.target.value)} />
        <label htmlFor="pay-secret">Secret Key</label>
        <div>
          <input
            id="pay-secret"
            ref={refs.secretKey}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={form.secretKey}
            placeholder={view.secretHint ?? 'Cole a Secret Key da loja'}
            aria-describedby="pay-secret-hint"
            onChange={(e) => set('secretKey', e.target.value)}
          />
          <p id="pay-secret-hint" className="hint">
            {view.hasSecret ? `Guardada (${view.secretHint}). Deixe em branco para mantê-la.` : 'Guardada cifrada neste computador.'}
          </p>
        </div>
        <label htmlFor="pay-client">Client ID</label>
        <input id="pay-client" ref={refs.clientId} autoComplete="off" spellCheck={false} value={form.clientId} onChange={(e) => set('clientId', e.target.value)} />
        <label htmlFor="pay-wallet">Carteira</label>
        <div>
          <input id="pay-wallet" ref={refs.wallet} value={form.wallet} placeholder="pix" aria-describedby="pay-wallet-hint" onChange={(e) => set('wallet', e.target.value)} />
          <p id="pay-wallet-hint" className="hint">
            Em branco: a única carteira do caixa, senão pix, senão a primeira.
          </p>
        </div>
        {paired && (
          <div className="full">
            <ServerOwnedNote paired={paired} what="paymentForms" id="pay-forms-owned" />
          </div>
        )}
        <fieldset className="full" disabled={paired} aria-describedby={paired ? 'pay-forms-owned' : undefined}>
          <legend>Formas de pagamento</legend>
          {view.forms.map((f, i) => (
            <label key={f.code} className="pay-form-option">
              <input type="checkbox" ref={i === 0 ? refs.forms : undefined} checked={form.forms.includes(f.code)} onChange={(e) => toggle(f.code, e.target.checked)} />{' '}
              {f.label} ({String(f.code).padStart(2, '0')})
            </label>
          ))}
        </fieldset>
        <CardRulesFieldset />
        <div className="full">
          <Alert text={error} />
          {status && <p role="status">{status}</p>}
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Salvar configurações
          </button>
          <button type="button" disabled={testing} onClick={() => void test()}>
            {testing ? 'Testando…' : 'Testar conexão'}
          </button>
        </div>
      </form>
    </div>
  );
}
