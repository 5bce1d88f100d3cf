import { useRef, useState, type FormEvent } from 'react';
import { HUB_TOKEN_MAX, partnerLabel, type ConnectionTestResult, type HubEnvironment, type HubSettingsView } from '../../../shared/api/loyalty';
import { formatCnpj } from '../../../shared/cpf';
import { call } from '../bridge';
import { Alert, Dialog } from '../ui/Dialog';
import { settingsLoading, useSettingsForm } from '../ui/settingsForm';
import './loyalty.css';

type Field = 'partnerId' | 'companyId' | 'cnpj' | 'integrationKey' | 'environment';

interface Form {
  hubEnabled: boolean;
  partnerId: number | null;
  companyId: number;
  integrationKey: string;
  environment: HubEnvironment;
  active: boolean;
}

function formFrom(v: HubSettingsView, hubEnabled = v.hubEnabled): Form {
  const c = v.companies[0];
  return { hubEnabled, partnerId: v.partnerId, companyId: c?.companyId ?? 1, integrationKey: '', environment: c?.environment ?? 0, active: c?.active ?? false };
}

/**
 * "Hub Fidelidade (Novo)": the switch "Utiliza novo Hub Fidelidade", the
 * partner, then the company's fields; "Salvar configurações" and "Testar conexão".
 * The integration key is never shown back (only "••••••••abcd").
 */
export function HubSettingsScreen() {
  const [saved, setSaved] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const refs = {
    partnerId: useRef<HTMLSelectElement>(null),
    integrationKey: useRef<HTMLInputElement>(null),
    environment: useRef<HTMLSelectElement>(null),
    cnpj: useRef<HTMLInputElement>(null),
  };
  const saveButton = useRef<HTMLButtonElement>(null);
  const { view, setView, form, setForm, error, setError, set, save, refuse, testing, whileTesting } = useSettingsForm<HubSettingsView, Form, Field>({
    load: () => call('loyalty.settings.get', {}),
    save: (f) => call('loyalty.settings.save', f),
    formFrom: (v) => formFrom(v),
    fields: refs,
  });

  if (!view || !form) return settingsLoading('Hub Fidelidade (Novo)', error);

  const company = view.companies.find((c) => c.companyId === form.companyId) ?? view.companies[0];

  const choosePartner = async (value: string) => {
    setError(null);
    setResult(null);
    const partnerId = value ? Number(value) : null;
    if (partnerId === null) return setForm({ ...form, partnerId: null });
    const r = await call('loyalty.settings.get', { partnerId });
    if (!r.ok) return setError(r.error.message);
    setView(r.value);
    setForm({ ...formFrom(r.value, form.hubEnabled), partnerId });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save()) setSaved(true);
  };

  const test = () =>
    whileTesting(async () => {
      setResult(null);
      setError(null);
      // What is typed is tried, never saved: only "Salvar configurações" saves.
      const r = await call('loyalty.testConnection', { settings: form });
      if (r.ok) setResult(r.value);
      else if (r.error.code === 'loyalty.invalidSettings') refuse(r.error);
      else setResult({ ok: false, kind: 'communication', durationMs: 0, message: r.error.message });
    });

  const keyLength = form.integrationKey.trim().length;

  return (
    <div className="page hub-settings">
      <h1>Hub Fidelidade (Novo)</h1>

      <div className="hub-switch">
        <label>
          <input
            type="checkbox"
            role="switch"
            checked={form.hubEnabled}
            aria-describedby="hub-switch-desc"
            onChange={(e) => set('hubEnabled', e.target.checked)}
          />{' '}
          Utiliza novo Hub Fidelidade
        </label>
        <p id="hub-switch-desc" className="hint">
          Quando marcado, a empresa passa a usar a nova versão do Hub Fidelidade: o sistema migra totalmente para ela e a venda mostra os fluxos de
          fidelidade (cliente por CPF, saldo, PIN, resgate, campanhas e bônus). Desmarcado, os fluxos de fidelidade ficam ocultos na venda.
        </p>
        {view.hubEnabled && <p className="hub-on">Esta empresa utiliza o novo Hub Fidelidade.</p>}
      </div>

      <form className="hub-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <label htmlFor="hub-partner">Parceiro</label>
        <select id="hub-partner" ref={refs.partnerId} value={form.partnerId ?? ''} onChange={(e) => void choosePartner(e.target.value)}>
          <option value="">Selecione o parceiro…</option>
          {view.partners.map((p) => (
            <option key={p.id} value={p.id}>
              {partnerLabel(p)}
            </option>
          ))}
        </select>

        {form.partnerId !== null && company && (
          <>
            <label htmlFor="hub-company">Empresa</label>
            <input id="hub-company" value={company.name} readOnly />

            <label htmlFor="hub-cnpj">CNPJ</label>
            <div>
              <input id="hub-cnpj" ref={refs.cnpj} value={formatCnpj(company.cnpj)} readOnly aria-invalid={!company.cnpjValid} aria-describedby="hub-cnpj-hint" />
              <p id="hub-cnpj-hint" className="hint">
                {company.cnpjValid ? 'Enviado ao parceiro no cabeçalho cnpj.' : 'CNPJ inválido: corrija o cadastro da empresa.'}
              </p>
            </div>

            <label htmlFor="hub-key">Chave de Integração</label>
            <div>
              <input
                id="hub-key"
                ref={refs.integrationKey}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={form.integrationKey}
                placeholder={company.keyHint ?? 'Cole a chave fornecida pelo parceiro'}
                aria-describedby="hub-key-hint"
                onChange={(e) => set('integrationKey', e.target.value)}
              />
              <p id="hub-key-hint" className="hint">
                {company.hasKey ? `Chave guardada (${company.keyHint}). Deixe em branco para mantê-la. ` : ''}
                Até {HUB_TOKEN_MAX} caracteres{keyLength ? ` — ${keyLength}/${HUB_TOKEN_MAX}` : ''}.
              </p>
            </div>

            <label htmlFor="hub-env">Ambiente</label>
            <select id="hub-env" ref={refs.environment} value={form.environment} onChange={(e) => set('environment', Number(e.target.value) as HubEnvironment)}>
              <option value={0}>Homologação</option>
              <option value={1}>Produção</option>
            </select>

            <label htmlFor="hub-active">Ativo</label>
            <input id="hub-active" type="checkbox" checked={form.active} onChange={(e) => set('active', e.target.checked)} />
          </>
        )}

        <div className="full">
          <Alert text={error} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" ref={saveButton}>
            Salvar configurações
          </button>
          <button type="button" disabled={testing || form.partnerId === null} onClick={() => void test()}>
            {testing ? 'Testando…' : 'Testar conexão'}
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {result && (
          <div className={`hub-test ${result.ok ? 'ok' : 'fail'}`}>
            <p role={result.ok ? 'status' : 'alert'}>{result.message}</p>
            {!result.ok && (
              <div className="actions">
                <button type="button" onClick={() => setResult(null)}>
                  Fechar
                </button>
                <button type="button" onClick={() => void test()}>
                  Tentar Novamente
                </button>
              </div>
            )}
          </div>
        )}
      </div>

      {saved && (
        <Dialog
          title="Configurações salvas"
          onClose={() => {
            setSaved(false);
            saveButton.current?.focus();
          }}
        >
          <p>As configurações do Hub Fidelidade foram salvas com sucesso.</p>
          <form method="dialog">
            <button className="primary" data-autofocus>
              OK
            </button>
          </form>
        </Dialog>
      )}
    </div>
  );
}
