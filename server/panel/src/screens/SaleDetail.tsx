import { useEffect, useState } from 'react';
import { get } from '../api';
import { formatBRL, formatDateTime } from '../format';
import { ErrorLine, Modal } from '../ui';
import type { SaleRow } from './Transactions';
// The till's own receipt preview (same component, same CSS): the panel shows the receipt as the till printed it.
import type { ReceiptPreview as Preview } from '../../../../shared/api/printing';
import { ReceiptPreview } from '../../../../renderer/src/printing/ReceiptPreview';
import '../../../../renderer/src/printing/printing.css';

/** The sale's loyalty as its till last told the server (shared/retaguarda/records.ts SaleLoyalty). */
interface Loyalty {
  asOf?: string;
  redeemedCents?: number;
  bonusCents?: number;
  reversedRedeemedCents?: number;
  reversedBonusCents?: number;
  effects?: { kind: string; label: string; status: string; bonusCents: number | null; reversedUsedCents: number | null; reversedBonusCents: number | null; campaign: string | null; message: string | null; at: string | null }[];
}

const EFFECT_STATUS: Record<string, string> = { done: 'confirmado', attention: 'recusado', pending: 'pendente', retrying: 'pendente', sending: 'enviando', discarded: 'descartado' };

function effectValue(e: NonNullable<Loyalty['effects']>[number]): string {
  if (e.kind === 'hub.EstornarVenda') return `saldo ${formatBRL(e.reversedUsedCents ?? 0)} · bônus ${formatBRL(e.reversedBonusCents ?? 0)}`;
  if (e.kind === 'hub.GerarBonus') return formatBRL(e.bonusCents ?? 0);
  return '—';
}

/** "Fidelidade" of the detail: redeemed, bonus generated, reversals, and each hub operation with its outcome. */
function LoyaltyTable({ loyalty }: { loyalty: Loyalty }) {
  return (
    <section aria-label="Fidelidade">
      <p>
        Fidelidade: saldo resgatado {formatBRL(loyalty.redeemedCents ?? 0)} · bônus gerado {formatBRL(loyalty.bonusCents ?? 0)}
        {(loyalty.reversedRedeemedCents ?? 0) + (loyalty.reversedBonusCents ?? 0) > 0 &&
          ` · estornado: saldo ${formatBRL(loyalty.reversedRedeemedCents ?? 0)}, bônus ${formatBRL(loyalty.reversedBonusCents ?? 0)}`}
      </p>
      {!!loyalty.effects?.length && (
        <table aria-label="Operações no Hub Fidelidade">
          <thead>
            <tr>
              <th scope="col">Operação</th>
              <th scope="col">Situação</th>
              <th scope="col">Valor</th>
              <th scope="col">Campanha / mensagem</th>
            </tr>
          </thead>
          <tbody>
            {loyalty.effects.map((e, i) => (
              <tr key={i}>
                <td>{e.label}</td>
                <td>
                  {EFFECT_STATUS[e.status] ?? e.status}
                  {e.at ? ` em ${formatDateTime(e.at)}` : ''}
                </td>
                <td className="num">{effectValue(e)}</td>
                <td>{[e.campaign, e.message].filter(Boolean).join(' · ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Detail {
  sale: SaleRow & { series: string | null; openedAt: string; loyalty: Loyalty | null };
  lines: { lineNo: number; productCode: number; ean: string; description: string; quantity: number; unit: string; unitPriceCents: number; discountCents: number; totalCents: number }[];
  payments: {
    paymentNo: number;
    name: string;
    amountCents: number;
    changeCents: number;
    reference: string | null;
    pixStatus: string | null;
    pixEndToEnd: string | null;
    card: { brand: string | null; installments: number | null; nsu: string | null; authorization: string | null } | null;
  }[];
  cancellation: { cancelledAt: string; reason: string; cancelledBy: string; approvedBy: string | null } | null;
  receipt: { printed: boolean; preview: Preview } | null;
  sync: { receivedAt: string; updatedAt: string };
}

/** Quantities travel in thousandths (as the till keeps them). */
const qty = (q: number) => (q / 1000).toLocaleString('pt-BR', { maximumFractionDigits: 3 });

/** PIX status and id, or the card's Bandeira, Parcelas, NSU and Autorização as typed from the slip, then any reference. */
function paymentDetails(p: Detail['payments'][number]): string {
  const c = p.card;
  const card = c ? [c.brand, c.installments && c.installments > 1 ? `${c.installments}x` : null, c.nsu && `NSU ${c.nsu}`, c.authorization && `Aut. ${c.authorization}`] : [];
  return [p.pixStatus, p.pixEndToEnd, ...card, p.reference].filter(Boolean).join(' · ');
}

export function SaleDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    get<Detail>('/v1/panel/sale', { id }).then(setD, (e) => setError((e as Error).message));
  }, [id]);
  return (
    <Modal title={d ? `Venda ${d.sale.number ?? ''} — ${d.sale.storeName} / ${d.sale.tillName}` : 'Venda'} onClose={onClose}>
      <ErrorLine error={error} />
      {d && (
        <div className="sale-detail">
          <div className="sale-detail-main">
            <p>
              {formatDateTime(d.sale.finalizedAt)} · {d.sale.operator} · {d.sale.status === 'cancelada' ? 'Cancelada' : 'Finalizada'} · CPF {d.sale.cpf ?? '—'}
            </p>
            <table aria-label="Itens">
              <thead>
                <tr>
                  <th scope="col">Produto</th>
                  <th scope="col">Qtde.</th>
                  <th scope="col">Unitário</th>
                  <th scope="col">Desconto</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((l) => (
                  <tr key={l.lineNo}>
                    <td>
                      {l.productCode} {l.description}
                    </td>
                    <td className="num">{qty(l.quantity)} {l.unit}</td>
                    <td className="num">{formatBRL(l.unitPriceCents)}</td>
                    <td className="num">{formatBRL(l.discountCents)}</td>
                    <td className="num">{formatBRL(l.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table aria-label="Pagamentos">
              <thead>
                <tr>
                  <th scope="col">Forma</th>
                  <th scope="col">Valor</th>
                  <th scope="col">Troco</th>
                  <th scope="col">PIX / cartão / referência</th>
                </tr>
              </thead>
              <tbody>
                {d.payments.map((p) => (
                  <tr key={p.paymentNo}>
                    <td>{p.name}</td>
                    <td className="num">{formatBRL(p.amountCents)}</td>
                    <td className="num">{formatBRL(p.changeCents)}</td>
                    <td>{paymentDetails(p) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <strong>Total {formatBRL(d.sale.totalCents)}</strong> · descontos {formatBRL(d.sale.discountCents)}
            </p>
            {d.sale.loyalty && <LoyaltyTable loyalty={d.sale.loyalty} />}
            {d.cancellation && (
              <p>
                Cancelada em {formatDateTime(d.cancellation.cancelledAt)} por {d.cancellation.cancelledBy}
                {d.cancellation.approvedBy ? ` (aprovado por ${d.cancellation.approvedBy})` : ''}: {d.cancellation.reason}
              </p>
            )}
            <p className="hint">
              Recebida pela retaguarda em {formatDateTime(d.sync.receivedAt)}; última alteração {formatDateTime(d.sync.updatedAt)}.
            </p>
          </div>
          {d.receipt ? (
            <section aria-label="Comprovante" className="sale-receipt">
              <h3>{d.receipt.printed ? 'Comprovante como impresso no caixa' : 'Comprovante (não impresso no caixa: como sairia na impressora)'}</h3>
              <ReceiptPreview preview={d.receipt.preview} label="Comprovante como impresso" />
            </section>
          ) : (
            <p className="hint">O caixa não enviou o comprovante desta venda.</p>
          )}
        </div>
      )}
    </Modal>
  );
}
