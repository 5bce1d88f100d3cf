import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../shared/api/audit';
import type { UserRow } from '../../../shared/api/users';
import { formatBRL, saleNumber, when } from '../ui/format';
import { call } from '../bridge';
import { Alert } from '../ui/Dialog';
import { DateField } from '../ui/DateField';
import { readOptionalDate } from '../../../shared/date-input';

/** What each audit action is called on screen. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'venda.cancelar': 'Cancelamento de venda',
  'venda.removerItem': 'Item removido',
  'venda.cancelarAberta': 'Venda aberta cancelada',
  'venda.descontoItem': 'Desconto no item acima do limite',
  'venda.descontoVenda': 'Desconto na venda acima do limite',
  'sessao.entrada': 'Entrada no caixa',
  'sessao.saida': 'Saída do caixa',
  'sessao.troca': 'Troca de operador com venda aberta',
  'usuarios.primeiroAcesso': 'Primeiro acesso',
  'usuarios.criar': 'Usuário criado',
  'usuarios.perfil': 'Perfil alterado',
  'usuarios.redefinirPin': 'PIN redefinido',
  'usuarios.desativar': 'Usuário desativado',
  'usuarios.reativar': 'Usuário reativado',
  'usuarios.bloqueioPorTentativas': 'Bloqueio por PIN errado',
  'usuarios.configuracoes': 'Bloqueio e limites alterados',
  'configuracoes.hubFidelidade': 'Configurações do Hub Fidelidade',
  'configuracoes.impressora': 'Configurações da impressora',
  'configuracoes.importarCatalogo': 'Importação de catálogo',
  'sincronizacao.descartar': 'Operação pendente descartada',
  'caixa.fecharComDiferenca': 'Fechamento de caixa com diferença',
  'aprovacao.concedida': 'Aprovação do gerente',
};

const AREAS: Record<string, string> = {
  venda: 'Venda',
  caixa: 'Caixa',
  sessao: 'Sessão',
  usuarios: 'Usuários',
  configuracoes: 'Configurações',
  sincronizacao: 'Sincronização',
  aprovacao: 'Aprovação',
};

/**
 * An action as people read it: the known ones by name; any other (a new action, a settings method) in words,
 * never the raw identifier: "caixa.fecharComDiferenca" → "Caixa: fechar com diferenca".
 */
export function auditLabel(a: string): string {
  if (AUDIT_ACTIONS[a]) return AUDIT_ACTIONS[a];
  const [area, ...rest] = a.split('.');
  if (area === 'configuracoes') return 'Configurações alteradas';
  const words = rest
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase()
    .trim();
  return `${AREAS[area] ?? 'Ação'}${words ? `: ${words}` : ''}`;
}

const label = auditLabel;

/** Local date (yyyy-mm-dd) → ISO instant at local midnight. */
function dayStart(d: string): string | undefined {
  if (!d) return undefined;
  const [y, m, day] = d.split('-').map(Number);
  return new Date(y, m - 1, day).toISOString();
}

/** "Auditoria" (Gerente): who did what, approved by whom; filters by period, user and action. */
export function AuditScreen() {
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [users, setUsers] = useState<UserRow[]>([]);
  const [error, setError] = useState<string | null>(null);

  const search = useCallback(async (f: { from?: string; to?: string; userId?: number; action?: string } = {}) => {
    const r = await call('audit.list', { ...f, limit: 500 });
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(r.error.message);
  }, []);

  useEffect(() => {
    void search();
    // users.list is a Gerente's; an Operador approved into Configurações filters by the users who can log in.
    void call('users.list', {}).then(async (r) => {
      if (r.ok) return setUsers(r.value);
      const s = await call('users.state', {});
      if (s.ok) setUsers(s.value.users.map((u) => ({ ...u, active: true, hasPin: true })));
    });
  }, [search]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const fromRead = readOptionalDate(String(f.get('from') ?? ''));
    if (!fromRead.ok) return setError(`De: ${fromRead.message}`);
    const toRead = readOptionalDate(String(f.get('to') ?? ''));
    if (!toRead.ok) return setError(`Até: ${toRead.message}`);
    const [from, to] = [fromRead.iso, toRead.iso];
    if (from && to && to < from) return setError('O período termina antes de começar: ajuste as datas.');
    const toNext = to ? new Date(new Date(dayStart(to)!).getTime() + 86_400_000).toISOString() : undefined;
    const userId = Number(f.get('user')) || undefined;
    const action = String(f.get('action') ?? '') || undefined;
    void search({ from: dayStart(from), to: toNext, userId, action });
  };

  return (
    <div className="page audit-page">
      <h1>Auditoria</h1>
      <form className="filters" onSubmit={submit} aria-label="Filtros">
        <div>
          <label htmlFor="au-from">De</label>
          <DateField id="au-from" name="from" />
        </div>
        <div>
          <label htmlFor="au-to">Até</label>
          <DateField id="au-to" name="to" />
        </div>
        <div>
          <label htmlFor="au-user">Usuário</label>
          <select id="au-user" name="user" defaultValue="">
            <option value="">Todos</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="au-action">Ação</label>
          <select id="au-action" name="action" defaultValue="">
            <option value="">Todas</option>
            {Object.entries(AUDIT_ACTIONS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Filtrar
        </button>
      </form>
      <Alert text={error} />
      <table aria-label="Registros de auditoria" className="audit-table">
        <thead>
          <tr>
            <th scope="col">Quando</th>
            <th scope="col">Operador</th>
            <th scope="col">Aprovado por</th>
            <th scope="col">Ação</th>
            <th scope="col">Venda</th>
            <th scope="col" className="num">Valor</th>
            <th scope="col">Motivo</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{when(r.at)}</td>
              <td>{r.operatorName ?? '—'}</td>
              <td>{r.approverName ?? '—'}</td>
              <td>{label(r.action)}</td>
              <td>{saleRef(r)}</td>
              <td className="num">{r.amountCents === null ? '' : formatBRL(r.amountCents)}</td>
              <td>{r.reason ?? ''}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={7}>Nenhum registro no filtro escolhido.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function saleRef(r: AuditEntry): string {
  const d = r.details as { documentNumber?: number | null; series?: string | null } | null;
  if (d && d.documentNumber) return saleNumber(d);
  return r.saleId ? r.saleId.slice(0, 8) : '';
}
