import type { CustomerPanel as Panel } from '../../../shared/api/loyalty';
import { formatBRL } from '../ui/format';
import { Alert, Dialog } from '../ui/Dialog';
import type { HubFailure } from './counterStore';

/** The result of CadastrarCliente / ConsultarSaldo: Título, Nome, CPF (masked), Saldo total, Saldo disponível. */
export function CustomerResult({ panel }: { panel: Panel }) {
  // Only balances the partner returned: with the hub down there is none to show (never a default R$ 0,00).
  const rows: [string, string][] = [
    ['Título', panel.title],
    ['Nome', panel.name || '—'],
    ['CPF', panel.cpfMasked],
    ...(panel.currentCents !== null ? [['Saldo total', formatBRL(panel.currentCents)] as [string, string]] : []),
    ...(panel.availableCents !== null ? [['Saldo disponível', formatBRL(panel.availableCents)] as [string, string]] : []),
  ];
  return (
    <dl className="figures customer-result" aria-label="Cliente no parceiro">
      {rows.map(([label, value], i) => (
        <div className="pair" key={label}>
          <dt id={`cust-res-${i}`}>{label}</dt>
          <dd>
            <output aria-labelledby={`cust-res-${i}`}>{value}</output>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A hub failure: the partner's Mensagem (business), the communication panel,
 * or the out-of-standard message — always with "Fechar" and, when the same
 * operation can go again, "Tentar Novamente".
 */
export function HubFailurePanel({ failure, onRetry, onClose, busy }: { failure: HubFailure; onRetry?: () => void; onClose: () => void; busy?: boolean }) {
  const title =
    failure.kind === 'communication'
      ? 'Falha de comunicação com o Hub Fidelidade'
      : failure.kind === 'business'
        ? 'O parceiro recusou a operação'
        : failure.kind === 'outOfStandard'
          ? 'Resposta fora do padrão'
          : 'Não foi possível concluir';
  return (
    <Dialog title={title} onClose={onClose}>
      <Alert text={failure.message} />
      <div className="actions">
        {onRetry && failure.guid && (
          <button type="button" className="primary" data-autofocus disabled={busy} onClick={onRetry}>
            Tentar Novamente
          </button>
        )}
        <button type="button" data-autofocus={!onRetry || !failure.guid ? true : undefined} onClick={onClose}>
          Fechar
        </button>
      </div>
    </Dialog>
  );
}
