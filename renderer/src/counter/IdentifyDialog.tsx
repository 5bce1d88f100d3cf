import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../../shared/api';
import type { CustomerPanel, IdentifyResult } from '../../../shared/api/loyalty';
import { isValidCpf } from '../../../shared/cpf';
import { call } from '../bridge';
import { Dialog, FormActions } from '../ui/Dialog';
import { hubFailure, maskCpfInput, useCounter, type HubFailure } from './counterStore';
import { CustomerResult, HubFailurePanel } from './HubPanels';
import { RegistrationForm } from './RegistrationForm';

type Stage =
  | { kind: 'cpf' }
  | { kind: 'busy'; text: string }
  | { kind: 'form'; cpf: string }
  | { kind: 'result'; panel: CustomerPanel }
  | { kind: 'failure'; failure: HubFailure; back: 'cpf' | 'form' | 'close'; cpf?: string };

/**
 * "Identificar cliente" (and "Consultar Saldo Parceiro" with `mode="balance"`):
 * CPF (mask, check digits before any call) → known: CadastrarCliente at once;
 * unknown: "Cadastro de cliente" → "Salvar cliente". The result panel, or the
 * failure with "Tentar Novamente" (same GUID).
 */
export function IdentifyDialog({ onClose, mode = 'identify' }: { onClose: () => void; mode?: 'identify' | 'balance' }) {
  const [stage, setStage] = useState<Stage>(mode === 'balance' ? { kind: 'busy', text: 'Consultando saldo no parceiro…' } : { kind: 'cpf' });
  const [cpf, setCpf] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const started = useRef(false);

  const handle = (r: Result<IdentifyResult>, back: 'cpf' | 'form' | 'close', typedCpf?: string) => {
    if (r.ok) {
      if (r.value.status === 'unknown') return setStage({ kind: 'form', cpf: r.value.cpf });
      useCounter.getState().set(r.value.state);
      return setStage({ kind: 'result', panel: r.value.panel });
    }
    const failure = hubFailure(r.error);
    if (failure.kind === 'other') {
      setError(failure.message);
      return setStage(back === 'form' && typedCpf ? { kind: 'form', cpf: typedCpf } : back === 'close' ? { kind: 'failure', failure, back } : { kind: 'cpf' });
    }
    setStage({ kind: 'failure', failure, back, cpf: typedCpf });
  };

  useEffect(() => {
    if (mode !== 'balance' || started.current) return;
    started.current = true;
    void call('loyalty.counter.balance', {}).then((r) => handle(r, 'close'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  const identify = async (e: FormEvent) => {
    e.preventDefault();
    const digits = cpf.replace(/\D/g, '');
    if (digits.length !== 11) return setError('CPF incompleto: digite os 11 dígitos.');
    if (!isValidCpf(digits)) return setError('CPF inválido: confira os dígitos verificadores.');
    setError(null);
    setStage({ kind: 'busy', text: 'Consultando o cliente no parceiro…' });
    handle(await call('loyalty.counter.identify', { cpf: digits }), 'cpf');
  };

  const retry = async (failure: HubFailure, back: 'cpf' | 'form' | 'close', typedCpf?: string) => {
    if (!failure.guid) return;
    setRetrying(true);
    const r = await call('loyalty.counter.retry', { guid: failure.guid });
    setRetrying(false);
    handle(r, back, typedCpf);
  };

  // The form stays mounted under a hub failure panel: nothing typed is lost.
  const formCpf = stage.kind === 'form' ? stage.cpf : stage.kind === 'failure' && stage.back === 'form' ? (stage.cpf ?? null) : null;
  if (formCpf !== null || stage.kind === 'failure') {
    return (
      <>
        {formCpf !== null && <RegistrationForm cpf={formCpf} onCancel={() => setStage({ kind: 'cpf' })} onSaved={(r) => handle(r, 'form', formCpf)} />}
        {stage.kind === 'failure' && (
          <HubFailurePanel
            failure={stage.failure}
            busy={retrying}
            onRetry={() => void retry(stage.failure, stage.back, stage.cpf)}
            onClose={() =>
              stage.back === 'close' ? onClose() : setStage(stage.back === 'form' && stage.cpf ? { kind: 'form', cpf: stage.cpf } : { kind: 'cpf' })
            }
          />
        )}
      </>
    );
  }
  if (stage.kind === 'result') {
    return (
      <Dialog title={stage.panel.title} onClose={onClose}>
        <CustomerResult panel={stage.panel} />
        {!stage.panel.balanceKnown && (
          <p className="hint">Sem saldo para utilizar nesta venda. O cadastro e o bônus vão para o parceiro quando a conexão voltar.</p>
        )}
        <div className="actions">
          <button type="button" className="primary" data-autofocus onClick={onClose}>
            Fechar
          </button>
          {!stage.panel.balanceKnown && (
            <button type="button" disabled={retrying} onClick={() => void retry({ kind: 'communication', message: '', guid: stage.panel.guid }, 'close')}>
              Tentar Novamente
            </button>
          )}
        </div>
      </Dialog>
    );
  }
  if (stage.kind === 'busy') {
    return (
      <Dialog title={mode === 'balance' ? 'Consultar Saldo Parceiro' : 'Identificar cliente'} onClose={onClose}>
        <p role="status">{stage.text}</p>
      </Dialog>
    );
  }
  return (
    <Dialog title="Identificar cliente" onClose={onClose}>
      <form onSubmit={identify}>
        <label htmlFor="customer-cpf">CPF</label>
        <input
          id="customer-cpf"
          data-autofocus
          inputMode="numeric"
          autoComplete="off"
          placeholder="000.000.000-00"
          value={cpf}
          onChange={(e) => setCpf(maskCpfInput(e.target.value))}
        />
        <FormActions error={error} submit="Identificar" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
