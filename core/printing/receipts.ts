import { describeCard } from '../../shared/card';
import { formatQuantity, weighedLineText } from '../../shared/quantity';
import { format } from 'date-fns/format';
import type { CancellationReceiptData, LoyaltyReceiptData } from '../../shared/api/printing';
import type { Sale } from '../../shared/api/sales';
import { formatCnpj, maskCpf, onlyDigits } from '../../shared/cpf';
import { formatBRL, formatDecimalBR } from '../../shared/money';
import { ReceiptBuilder, type LayoutOptions } from './layout';

export interface StoreHeader {
  name: string;
  cnpj: string;
  address: string;
}

export interface ReceiptOptions extends LayoutOptions {
  /** Cut at the end (printers without a cutter just feed). */
  cut: boolean;
}

export interface SaleReceiptOptions extends ReceiptOptions {
  /** Kick the drawer: only honoured when the sale has a cash tender. */
  drawer: boolean;
  /** CODE128 of the sale number. */
  barcode: boolean;
  /** PIX "copia e cola" to print as QR (when the payment API gave one). */
  pixQr?: string | null;
  /** "2ª VIA" on reprints. */
  reprint?: boolean;
  /** The sale's GerarBonus is still queued (hub unreachable): say so on the receipt. */
  bonusPending?: boolean;
}

export const NOT_FISCAL = 'NÃO É DOCUMENTO FISCAL';
export { BONUS_PENDING_TEXT } from '../../shared/api/outbox';
import { BONUS_PENDING_TEXT } from '../../shared/api/outbox';
import { saleNumber } from '../../shared/sale-number';
const CASH = 1;
const PIX_FORMS = new Set([17, 20]);

export { saleNumber };

/** What the receipt's barcode holds (read by a scanner, not by people): "1-000002". */
export function saleBarcode(sale: Pick<Sale, 'series' | 'documentNumber'>): string {
  return `${sale.series ?? '1'}-${String(sale.documentNumber).padStart(6, '0')}`;
}

export function dateTimeBR(iso: string | null): string {
  return iso ? format(new Date(iso), 'dd/MM/yyyy HH:mm:ss') : '';
}

export function hasCashTender(sale: Sale): boolean {
  return sale.payments.some((p) => p.formCode === CASH);
}

function header(b: ReceiptBuilder, store: StoreHeader, title: string): void {
  b.center(store.name || 'Loja', { bold: true, big: true });
  const cnpj = onlyDigits(store.cnpj);
  if (cnpj.length === 14) b.center(`CNPJ ${formatCnpj(cnpj)}`);
  if (store.address.trim()) b.center(store.address.trim());
  b.rule('=');
  b.center(title, { bold: true });
  b.center(NOT_FISCAL, { bold: true });
  b.rule('=');
}

function finish(b: ReceiptBuilder, opts: ReceiptOptions): Buffer {
  if (opts.cut) b.cut();
  else b.feed();
  return b.buffer();
}

/** Sale receipt (non-fiscal): header, items, discounts, total, payments with change, PIX id, masked CPF. */
export function buildSaleReceipt(sale: Sale, store: StoreHeader, opts: SaleReceiptOptions): Buffer {
  const b = new ReceiptBuilder(opts);
  const w = b.width;
  header(b, store, opts.reprint ? 'COMPROVANTE DE VENDA - 2ª VIA' : 'COMPROVANTE DE VENDA');
  b.pair(`Venda ${saleNumber(sale)}`, dateTimeBR(sale.finalizedAt ?? sale.openedAt));
  b.left(`Operador: ${sale.operator.name}`);
  if (sale.customerCpf) b.left(`CPF do consumidor: ${maskCpf(sale.customerCpf)}`);
  b.rule();
  b.row([
    { text: 'ITEM DESCRIÇÃO', cols: w - 12 },
    { text: 'TOTAL', cols: 12, align: 'RIGHT' },
  ]);
  b.rule();
  for (const l of sale.lines) {
    b.left(`${String(l.order).padStart(3, '0')} ${l.description}`);
    if (l.fractional) {
      b.left(`    ${weighedLineText(l.quantity, l.unit, l.unitPriceCents, l.grossCents)}`);
    } else {
      const qty = `${formatQuantity(l.quantity, false)} ${l.unit} x ${formatDecimalBR(l.unitPriceCents)}`;
      b.pair(`    ${qty}`, formatDecimalBR(l.grossCents));
    }
    if (l.discountCents > 0) b.pair('    Desconto no item', `-${formatDecimalBR(l.discountCents)}`);
    if (l.surchargeCents > 0) b.pair('    Acréscimo no item', `+${formatDecimalBR(l.surchargeCents)}`);
  }
  b.rule();
  const t = sale.totals;
  b.pair(`Qtde. total de itens`, String(t.itemCount));
  b.pair('Subtotal', formatBRL(t.grossCents));
  if (t.itemDiscountCents > 0) b.pair('Descontos nos itens', `-${formatBRL(t.itemDiscountCents)}`);
  if (t.saleDiscountCents > 0) b.pair('Desconto na venda', `-${formatBRL(t.saleDiscountCents)}`);
  if (t.redemptionCents > 0) b.pair('Saldo fidelidade utilizado', `-${formatBRL(t.redemptionCents)}`);
  if (t.surchargeCents > 0) b.pair('Acréscimos', `+${formatBRL(t.surchargeCents)}`);
  b.bold(true);
  b.pair('TOTAL', formatBRL(t.netCents));
  b.bold(false);
  b.rule();
  b.left('FORMA DE PAGAMENTO');
  for (const p of sale.payments) {
    b.pair(p.formName, formatBRL(p.formCode === CASH ? p.receivedCents : p.amountCents));
    if (PIX_FORMS.has(p.formCode) && p.reference) b.left(`  PIX id: ${p.reference}`);
    if (p.card) b.left(`  ${describeCard(p.card)}`);
  }
  if (t.changeCents > 0) b.pair('Troco', formatBRL(t.changeCents), { bold: true });
  b.rule();
  if (opts.pixQr) {
    b.center('PIX copia e cola');
    b.qr(opts.pixQr);
  }
  if (opts.bonusPending) {
    b.center(BONUS_PENDING_TEXT, { bold: true });
    b.rule();
  }
  if (opts.barcode && sale.documentNumber !== null) b.barcode(saleBarcode(sale));
  b.center('Obrigado pela preferência!');
  if (opts.drawer && hasCashTender(sale)) b.drawer();
  return finish(b, opts);
}

/** The loyalty "Comprovante": balance used in this sale, bonus for future sales, balance available. */
export function buildLoyaltyReceipt(
  data: LoyaltyReceiptData,
  sale: Pick<Sale, 'series' | 'documentNumber' | 'finalizedAt' | 'totals' | 'operator'>,
  store: StoreHeader,
  opts: ReceiptOptions,
): Buffer {
  const b = new ReceiptBuilder(opts);
  header(b, store, data.reversal ? 'COMPROVANTE FIDELIDADE - ESTORNO' : 'COMPROVANTE FIDELIDADE');
  b.pair(`Venda ${saleNumber(sale)}`, dateTimeBR(sale.finalizedAt));
  b.left(`Operador: ${sale.operator.name}`);
  if (data.customerName) b.left(`Cliente: ${data.customerName}`);
  if (data.customerCpf) b.left(`CPF: ${maskCpf(data.customerCpf)}`);
  b.pair('Valor da venda', formatBRL(sale.totals.netCents));
  b.rule();
  if (data.campaign) b.left(`Campanha: ${data.campaign.description}`);
  b.pair('Saldo usado como desconto nesta venda', formatBRL(data.usedCents));
  b.pair('Bônus gerado para próximas compras', formatBRL(data.bonusCents));
  b.bold(true);
  if (data.balanceCents !== null) b.pair('Saldo total disponível', formatBRL(data.balanceCents));
  b.bold(false);
  if (data.reversal) {
    b.rule();
    b.left('ESTORNO');
    b.pair('Saldo usado devolvido', formatBRL(data.reversal.usedReversedCents));
    b.pair('Bônus gerado estornado', formatBRL(data.reversal.generatedReversedCents));
    b.pair('Saldo após o estorno', formatBRL(data.reversal.balanceCents), { bold: true });
    b.left(`Estornado em ${dateTimeBR(data.reversal.at)}`);
    if (data.reversal.message) b.left(data.reversal.message);
  }
  if (data.message) {
    b.rule();
    b.left(data.message);
  }
  if (data.transactionId) {
    b.rule();
    b.left(`Transação: ${data.transactionId}`);
  }
  b.rule();
  return finish(b, opts);
}

/** Cancellation receipt: the sale, reason, approver and how each reversal went. */
export function buildCancellationReceipt(data: CancellationReceiptData, sale: Sale, store: StoreHeader, opts: ReceiptOptions): Buffer {
  const b = new ReceiptBuilder(opts);
  header(b, store, 'CANCELAMENTO DE VENDA');
  b.pair(`Venda ${saleNumber(sale)}`, dateTimeBR(sale.finalizedAt));
  b.pair('Cancelada em', dateTimeBR(data.cancelledAt));
  b.left(`Operador: ${sale.operator.name}`);
  if (sale.customerCpf) b.left(`CPF do consumidor: ${maskCpf(sale.customerCpf)}`);
  b.pair('Valor cancelado', formatBRL(sale.totals.netCents), { bold: true });
  b.pair('Itens', String(sale.totals.itemCount));
  b.rule();
  b.left(`Motivo: ${data.reason}`);
  b.left(`Aprovado por: ${data.approver}`);
  if (data.reversals.length) {
    b.rule();
    b.left('ESTORNOS');
    for (const r of data.reversals) {
      b.pair(r.label, r.ok ? 'OK' : 'FALHOU');
      if (r.detail) b.left(`  ${r.detail}`);
    }
  }
  b.rule();
  b.blank();
  b.center('_'.repeat(Math.min(30, b.width - 2)));
  b.center('Assinatura do responsável');
  return finish(b, opts);
}

/** A short page to check the printer, the code page and the cutter. */
export function buildTestPage(store: StoreHeader, opts: ReceiptOptions & { drawer: boolean }, at: Date): Buffer {
  const b = new ReceiptBuilder(opts);
  header(b, store, 'TESTE DE IMPRESSÃO');
  b.left(`Data: ${format(at, 'dd/MM/yyyy HH:mm:ss')}`);
  b.left(`Papel: ${opts.paperMm} mm (${b.width} colunas)`);
  b.left(`Tipo: ${opts.type} · Página de código: ${opts.characterSet}`);
  b.rule();
  b.left('Acentos: ã õ ç é ê á à í ó ú Ç Ã Õ É');
  b.left('AÇÃO PROMOÇÃO CORAÇÃO PÃO');
  b.pair('Valor de teste', formatBRL(123456));
  b.rule();
  b.barcode('TESTE-123');
  if (opts.drawer) b.drawer();
  return finish(b, opts);
}
