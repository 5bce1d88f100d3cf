import { describeCard } from '../../../shared/card';
import { quantityWithUnit } from '../../../shared/quantity';
import type { SaleDetail } from '../../../shared/api/sales-query';
import type { Sale } from '../../../shared/api/sales';
import { formatBRL, saleNumber, when } from '../ui/format';
import { useSlots } from '../slots';
import { SaleSyncNote } from '../sync/SaleSyncNote';

export const STATUS_LABEL: Record<Sale['status'], string> = { aberta: 'Pré-venda', finalizada: 'Finalizada', cancelada: 'Cancelada' };
const OUTBOX_STATUS: Record<string, string> = {
  pending: 'pendente',
  sending: 'enviando',
  retrying: 'aguardando nova tentativa',
  done: 'concluído',
  attention: 'precisa de atenção',
  discarded: 'descartado',
};
const PRINT_STATUS: Record<string, string> = { queued: 'na fila', printing: 'imprimindo', done: 'impresso', failed: 'falhou' };

/** The chosen sale: lines, discounts, payments (PIX ids), customer, loyalty effects, prints, sync, options. */
export function SaleDetailView({ detail, refresh }: { detail: SaleDetail; refresh: () => void }) {
  const { saleOptions } = useSlots();
  const { sale } = detail;
  const t = sale.totals;
  return (
    <section className="sale-detail" data-scroll="" aria-label={`Venda ${saleNumber(sale)}`}>
      <h2>
        Venda {saleNumber(sale)} <span className={`badge ${sale.status}`}>{STATUS_LABEL[sale.status]}</span>
      </h2>
      <p className="hint">
        {when(sale.finalizedAt ?? sale.openedAt)} · {sale.operator.name}
        {detail.customerCpfMasked ? ` · Cliente CPF ${detail.customerCpfMasked}` : ''}
        {detail.shiftId ? ` · Caixa nº ${detail.shiftId}` : ''}
      </p>
      <SaleSyncNote saleId={sale.id} />
      <table aria-label="Itens">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Descrição</th>
            <th scope="col" className="num">Qtd</th>
            <th scope="col" className="num">Desconto</th>
            <th scope="col" className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.order}</td>
              <td>{l.description}</td>
              <td className="num">{quantityWithUnit(l.quantity, l.unit, l.fractional)}</td>
              <td className="num">{l.discountCents ? formatBRL(l.discountCents) : '—'}</td>
              <td className="num">{formatBRL(l.netCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="figures">
        <dt>Subtotal</dt>
        <dd>{formatBRL(t.grossCents)}</dd>
        {t.itemDiscountCents > 0 && (
          <>
            <dt>Descontos nos itens</dt>
            <dd>{formatBRL(t.itemDiscountCents)}</dd>
          </>
        )}
        {t.saleDiscountCents > 0 && (
          <>
            <dt>Desconto na venda</dt>
            <dd>{formatBRL(t.saleDiscountCents)}</dd>
          </>
        )}
        {t.redemptionCents > 0 && (
          <>
            <dt>Saldo fidelidade utilizado</dt>
            <dd>{formatBRL(t.redemptionCents)}</dd>
          </>
        )}
        <dt>Total</dt>
        <dd>{formatBRL(t.netCents)}</dd>
        {sale.payments.map((p) => (
          <div key={p.id} className="pair">
            <dt>{p.formName}</dt>
            <dd>
              {formatBRL(p.amountCents)}
              {p.reference ? <span className="hint"> · id {p.reference}</span> : null}
              {p.card ? <span className="hint"> · {describeCard(p.card)}</span> : null}
            </dd>
          </div>
        ))}
        {t.changeCents > 0 && (
          <>
            <dt>Troco</dt>
            <dd>{formatBRL(t.changeCents)}</dd>
          </>
        )}
      </dl>
      {detail.loyalty.length > 0 && (
        <section aria-label="Fidelidade">
          <h3>Fidelidade</h3>
          <ul className="plain">
            {detail.loyalty.map((e) => (
              <li key={e.opId}>
                {e.label}: {OUTBOX_STATUS[e.status] ?? e.status}
                {e.bonusCents !== null && ` · bônus ${formatBRL(e.bonusCents)}`}
                {e.reversedUsedCents !== null && ` · saldo devolvido ${formatBRL(e.reversedUsedCents)}`}
                {e.reversedBonusCents !== null && ` · bônus estornado ${formatBRL(e.reversedBonusCents)}`}
                {e.balanceCents !== null && ` · saldo atual ${formatBRL(e.balanceCents)}`}
                {e.campaign && ` · campanha ${e.campaign}`}
                {e.message && ` · ${e.message}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Sincronização">
        <h3>Sincronização</h3>
        <p>
          {detail.sync.pending + detail.sync.attention === 0
            ? detail.sync.done > 0
              ? 'Tudo sincronizado.'
              : 'Nada a sincronizar.'
            : `${detail.sync.pending} pendente(s), ${detail.sync.attention} precisando de atenção, ${detail.sync.done} concluída(s).`}
        </p>
      </section>
      <section aria-label="Impressões">
        <h3>Impressões</h3>
        {detail.prints.length === 0 ? (
          <p className="hint">Nenhuma impressão.</p>
        ) : (
          <ul className="plain">
            {detail.prints.map((p) => (
              <li key={p.id}>
                {p.title}: {PRINT_STATUS[p.status] ?? p.status} ({when(p.printedAt ?? p.createdAt)})
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="sale-options" role="group" aria-label="Opções da venda">
        <h3>Opções da venda</h3>
        {saleOptions.length === 0 && <p className="hint">Nenhuma opção disponível.</p>}
        {saleOptions.map(({ id, component: Option }) => (
          <Option key={id} sale={sale} refresh={refresh} />
        ))}
      </div>
    </section>
  );
}
