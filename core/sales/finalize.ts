import type { Sale } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';
import { durableTransaction } from '../db/durable';
import type { OpenSale } from './open-sale';
import type { FinalizeInput, FinalizeStep } from './pipeline';
import type { SaleStatements } from './statements';
import { checkZeroSale, NO_PAYMENT_FORM } from './zero';

/**
 * Commits the open sale with the next number of the series, the pipeline's finalize steps and the next
 * empty open sale in ONE fsync'd transaction; returns the sale and the next one. A sale whose net is
 * R$ 0,00 finalizes only with `withoutPayment` (the cashier confirmed it) and is recorded with form 90
 * "Sem Pagamento", amount 0.
 */
export function finalizeOpenSale(
  open: OpenSale,
  q: SaleStatements,
  o: { now: () => Date; series: string; steps: readonly FinalizeStep[] },
  input: FinalizeInput,
): { sale: Sale; next: Sale } {
  // The one fsync of a sale: this commit (and with it every cart edit before it) survives a power cut.
  return open.commit(durableTransaction, () => {
    let state = open.current();
    const row = state.row;
    let view = open.view(state);
    if (view.totals.itemCount > 0 && checkZeroSale(view.totals, input.withoutPayment === true) === 'record') {
      q.insertPayment.run(row.id, NO_PAYMENT_FORM, 0, 0, 0, null, o.now().toISOString(), null, null, null, null);
      state = open.reload(row.id);
      view = open.view(state);
    }
    const totals = view.totals;
    if (totals.itemCount === 0) throw new AppError('sale.empty', 'A venda não tem itens.');
    if (totals.paidCents !== totals.netCents) {
      throw new AppError(
        'sale.unpaid',
        totals.paidCents < totals.netCents
          ? `Falta pagar ${formatBRL(totals.netCents - totals.paidCents)}.`
          : `Os pagamentos (${formatBRL(totals.paidCents)}) passam do total (${formatBRL(totals.netCents)}). Remova um pagamento.`,
      );
    }
    // The series row exists after the first sale: create it only when the UPDATE found none.
    let issued = q.nextNumber.get(o.series);
    if (!issued) {
      q.ensureSeries.run(o.series);
      issued = q.nextNumber.get(o.series)!;
    }
    const number = issued.last_number;
    const finalizedAt = o.now().toISOString();
    q.finalize.run(number, o.series, finalizedAt, totals.netCents, row.id);
    // The next open sale in the same transaction: one fsync per finalize instead of two. No lookup for
    // another open sale first: the one there was is the one just finalized (sales_one_open).
    open.state = { row: open.insertRow(), lines: [], payments: [], stamp: '' };
    const next = open.view(open.state);
    const sale: Sale = { ...view, status: 'finalizada', documentNumber: number, series: o.series, finalizedAt };
    for (const step of o.steps) step.run(sale, input);
    return { sale, next };
  });
}
