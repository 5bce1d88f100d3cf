import { useEffect, useState, type FormEvent } from 'react';
import { create } from 'zustand';
import type { ApiError } from '../../../shared/api';
import { ACTION_LABEL, type PermissionAction, type SessionUser } from '../../../shared/api/users';
import { call, setApprovalHandler } from '../bridge';
import { Dialog, FormActions } from '../ui/Dialog';

/** What the core's refusal named: the action, what exactly it binds to, and how to say it to people. */
interface Request {
  action: PermissionAction;
  subject?: Record<string, string | number | null>;
  summary?: string;
}

interface Pending extends Request {
  resolve: (approved: boolean) => void;
}

const useApproval = create<{ pending: Pending | null }>(() => ({ pending: null }));

/**
 * Asks a Gerente to approve `action` once ("PIN do gerente"). Resolves true
 * when approved. Any screen may call it; gated core calls made with `call()`
 * ask by themselves (see bridge.ts).
 */
export function requestApproval(request: PermissionAction | Request): Promise<boolean> {
  const r = typeof request === 'string' ? { action: request } : request;
  return new Promise((resolve) => {
    useApproval.getState().pending?.resolve(false);
    useApproval.setState({ pending: { ...r, resolve } });
  });
}

function requestOf(error: ApiError): Request {
  const d = (error.details ?? {}) as Partial<Request>;
  return { action: d.action ?? 'settings', subject: d.subject, summary: d.summary };
}

/** Mount once (LoginGate does): installs the bridge's approval handler and renders the overlay. */
export function ApprovalHost() {
  const pending = useApproval((s) => s.pending);
  useEffect(() => {
    setApprovalHandler((error) => requestApproval(requestOf(error)));
    return () => setApprovalHandler(null);
  }, []);
  if (!pending) return null;
  const done = (approved: boolean) => {
    useApproval.setState({ pending: null });
    pending.resolve(approved);
  };
  return <ApprovalDialog request={pending} onDone={done} />;
}

/** The overlay: what is approved, "Gerente" (select) + "PIN do gerente" → "Aprovar". */
export function ApprovalDialog({ request, onDone }: { request: Request; onDone: (approved: boolean) => void }) {
  const { action, subject, summary } = request;
  const [managers, setManagers] = useState<SessionUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('users.state', {}).then((r) => {
      if (r.ok) setManagers(r.value.users.filter((u) => u.role === 'gerente'));
    });
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const managerId = Number(form.get('manager'));
    const pin = String(form.get('pin') ?? '');
    if (!managerId) return setError('Escolha o gerente que aprova.');
    if (!/^\d{4,8}$/.test(pin)) return setError('Digite o PIN do gerente (4 a 8 dígitos).');
    setBusy(true);
    const r = await call('users.approve', { action, managerId, pin, subject });
    setBusy(false);
    if (r.ok) onDone(true);
    else {
      setError(r.error.message);
      const input = document.getElementById('approval-pin') as HTMLInputElement | null;
      if (input) {
        input.value = '';
        input.focus();
      }
    }
  };

  return (
    <Dialog title="Aprovação do gerente" onClose={() => onDone(false)} className="approval-dialog">
      <p className="dialog-sub">
        {ACTION_LABEL[action]}: esta ação precisa da aprovação de um gerente.{' '}
        {action === 'settings' ? 'Ela vale até sair das Configurações.' : 'Ela vale uma vez, para o que está descrito abaixo.'}
      </p>
      {summary && (
        <p className="approval-summary" data-testid="approval-summary">
          <strong>{summary}</strong>
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="approval-manager">Gerente</label>
        <select id="approval-manager" name="manager" defaultValue={managers.length === 1 ? String(managers[0].id) : undefined} key={managers.length}>
          {managers.length !== 1 && <option value="">Escolha…</option>}
          {managers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <label htmlFor="approval-pin">PIN do gerente</label>
        <input id="approval-pin" name="pin" type="password" inputMode="numeric" autoComplete="off" maxLength={8} data-autofocus />
        <FormActions error={error} submit="Aprovar" busy={busy} onCancel={() => onDone(false)} />
      </form>
    </Dialog>
  );
}
