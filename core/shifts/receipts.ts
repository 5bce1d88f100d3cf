import { format } from 'date-fns/format';
import type { Shift, ShiftMovement } from '../../shared/api/shifts';
import { formatBRL } from '../../shared/money';
import { ReceiptBuilder, type LayoutOptions } from '../printing/layout';

export interface SlipOptions extends LayoutOptions {
  cut: boolean;
  storeName: string;
}

const when = (iso: string) => format(new Date(iso), 'dd/MM/yyyy HH:mm:ss');

function head(b: ReceiptBuilder, store: string, title: string): void {
  b.center(store || 'Loja', { bold: true, big: true });
  b.rule('=');
  b.center(title, { bold: true });
  b.center('NÃO É DOCUMENTO FISCAL', { bold: true });
  b.rule('=');
}

function end(b: ReceiptBuilder, opts: SlipOptions, signature: boolean): Buffer {
  if (signature) {
    b.blank();
    b.center('_'.repeat(Math.min(30, b.width - 2)));
    b.center('Assinatura do responsável');
  }
  if (opts.cut) b.cut();
  else b.feed();
  return b.buffer();
}

/** Suprimento / Sangria slip: amount, reason, who, when; signed. */
export function buildMovementSlip(shift: Pick<Shift, 'id'>, m: ShiftMovement, opts: SlipOptions): Buffer {
  const b = new ReceiptBuilder(opts);
  head(b, opts.storeName, m.kind === 'sangria' ? 'SANGRIA DE CAIXA' : 'SUPRIMENTO DE CAIXA');
  b.pair(`Caixa nº ${shift.id}`, when(m.createdAt));
  b.left(`Operador: ${m.operatorName}`);
  b.rule();
  b.pair('Valor', formatBRL(m.amountCents), { bold: true });
  b.left(`Motivo: ${m.reason}`);
  b.rule();
  return end(b, opts, true);
}

/** Closing report: expected vs counted per form, movements, difference, approval, pending sync. */
export function buildClosingReport(shift: Shift, detail: { cashSalesCents: number; changeCents: number; pendingSync: number; toleranceCents: number }, opts: SlipOptions): Buffer {
  const b = new ReceiptBuilder(opts);
  head(b, opts.storeName, 'FECHAMENTO DE CAIXA');
  b.left(`Caixa nº ${shift.id}`);
  b.pair('Abertura', when(shift.openedAt));
  if (shift.closedAt) b.pair('Fechamento', when(shift.closedAt));
  b.left(`Aberto por: ${shift.openedBy}`);
  if (shift.closedBy) b.left(`Fechado por: ${shift.closedBy}`);
  b.pair('Vendas no turno', String(shift.salesCount));
  b.rule();
  b.left('DINHEIRO ESPERADO');
  b.pair('Fundo de troco', formatBRL(shift.floatCents));
  b.pair('Vendas em dinheiro (recebido)', formatBRL(detail.cashSalesCents));
  b.pair('Troco dado', `-${formatBRL(detail.changeCents)}`);
  const sup = shift.movements.filter((m) => m.kind === 'suprimento').reduce((a, m) => a + m.amountCents, 0);
  const san = shift.movements.filter((m) => m.kind === 'sangria').reduce((a, m) => a + m.amountCents, 0);
  b.pair('Suprimentos', formatBRL(sup));
  b.pair('Sangrias', `-${formatBRL(san)}`);
  b.rule();
  b.left('CONFERÊNCIA (esperado / contado / diferença)');
  for (const l of shift.closing ?? []) {
    b.left(l.formName);
    b.pair(`  ${formatBRL(l.expectedCents)} / ${formatBRL(l.countedCents)}`, formatBRL(l.differenceCents));
  }
  b.rule();
  b.bold(true);
  b.pair('DIFERENÇA TOTAL', formatBRL(shift.differenceCents ?? 0));
  b.bold(false);
  b.pair('Tolerância', formatBRL(detail.toleranceCents));
  if (shift.approvedBy) b.left(`Diferença aprovada por: ${shift.approvedBy}`);
  else if (Math.abs(shift.differenceCents ?? 0) > detail.toleranceCents) b.left('DIFERENÇA ACIMA DA TOLERÂNCIA, SEM APROVAÇÃO DE GERENTE');
  if (detail.pendingSync > 0) {
    b.rule();
    b.left(`ATENÇÃO: ${detail.pendingSync} operação(ões) aguardando sincronização.`);
  }
  if (shift.movements.length) {
    b.rule();
    b.left('MOVIMENTOS');
    for (const m of shift.movements) b.pair(`${m.kind === 'sangria' ? 'Sangria' : 'Suprimento'} ${format(new Date(m.createdAt), 'HH:mm')} ${m.reason}`, formatBRL(m.amountCents));
  }
  b.rule();
  return end(b, opts, true);
}
