import type { DailyReport } from '../../shared/api/backoffice';
import { PAYMENT_FORMS } from '../../shared/api/sales';
import type { Db } from '../db/open';

const formName = (code: number) => PAYMENT_FORMS[code as keyof typeof PAYMENT_FORMS] ?? `Forma ${code}`;

/**
 * "Relatório do dia" for any period [from, to): finished sales (cancelled ones
 * apart), by payment form, operator and hour (local time = UTC + tzOffsetMinutes).
 * Reads the covering time index; the loyalty bonus comes from delivered
 * hub.GerarBonus rows' results.
 */
export function dailyReport(db: Db, from: string, to: string, tzOffsetMinutes = 0): DailyReport {
  const range = [from, to];
  const main = db
    .prepare<string[], { n: number; total: number; sale_disc: number; redeemed: number }>(
      `SELECT count(*) AS n, coalesce(sum(net_cents), 0) AS total, coalesce(sum(sale_discount_cents), 0) AS sale_disc,
              coalesce(sum(redemption_cents), 0) AS redeemed
       FROM sales INDEXED BY sales_bo_time WHERE finalized_at >= ? AND finalized_at < ? AND status = 'finalizada'`,
    )
    .get(...range)!;
  const itemDisc = db
    .prepare<string[], { d: number }>(
      `SELECT coalesce(sum(l.discount_cents), 0) AS d FROM sales s INDEXED BY sales_bo_time JOIN sale_lines l ON l.sale_id = s.id
       WHERE s.finalized_at >= ? AND s.finalized_at < ? AND s.status = 'finalizada'`,
    )
    .get(...range)!;
  const cancelled = db
    .prepare<string[], { n: number; total: number }>(
      `SELECT count(*) AS n, coalesce(sum(net_cents), 0) AS total FROM sales INDEXED BY sales_bo_time
       WHERE finalized_at >= ? AND finalized_at < ? AND status = 'cancelada'`,
    )
    .get(...range)!;
  const byForm = db
    .prepare<string[], { form_code: number; n: number; total: number }>(
      `SELECT p.form_code, count(DISTINCT s.id) AS n, sum(p.amount_cents) AS total
       FROM sales s INDEXED BY sales_bo_time JOIN payments p ON p.sale_id = s.id
       WHERE s.finalized_at >= ? AND s.finalized_at < ? AND s.status = 'finalizada' GROUP BY p.form_code ORDER BY total DESC`,
    )
    .all(...range);
  const byOperator = db
    .prepare<string[], { operator_name: string; n: number; total: number }>(
      `SELECT operator_name, count(*) AS n, sum(net_cents) AS total FROM sales INDEXED BY sales_bo_time
       WHERE finalized_at >= ? AND finalized_at < ? AND status = 'finalizada' GROUP BY operator_name ORDER BY total DESC`,
    )
    .all(...range);
  const hours = db
    .prepare<[string, string, string], { h: number; n: number; total: number }>(
      `SELECT CAST(strftime('%H', finalized_at, ?) AS INTEGER) AS h, count(*) AS n, sum(net_cents) AS total
       FROM sales INDEXED BY sales_bo_time WHERE finalized_at >= ? AND finalized_at < ? AND status = 'finalizada' GROUP BY h`,
    )
    .all(`${tzOffsetMinutes >= 0 ? '+' : ''}${tzOffsetMinutes} minutes`, from, to);
  const bonus = db
    .prepare<string[], { b: number }>(
      `SELECT coalesce(sum(CAST(round(json_extract(o.result_json, '$.SaldoBonusGeradoVenda') * 100) AS INTEGER)), 0) AS b
       FROM sales s INDEXED BY sales_bo_bonus JOIN outbox o ON o.sale_id = s.id AND o.kind = 'hub.GerarBonus' AND o.status = 'done'
       WHERE s.loyalty_flags & 1 != 0 AND s.finalized_at >= ? AND s.finalized_at < ? AND s.status = 'finalizada'`,
    )
    .get(...range)!;
  const byHour = Array.from({ length: 24 }, (_, hour) => {
    const r = hours.find((x) => x.h === hour);
    return { hour, count: r?.n ?? 0, totalCents: r?.total ?? 0 };
  });
  return {
    from,
    to,
    salesCount: main.n,
    totalCents: main.total,
    averageTicketCents: main.n ? Math.round(main.total / main.n) : 0,
    cancelledCount: cancelled.n,
    cancelledCents: cancelled.total,
    itemDiscountCents: itemDisc.d,
    saleDiscountCents: main.sale_disc,
    redeemedCents: main.redeemed,
    bonusCents: bonus.b,
    byForm: byForm.map((r) => ({ formCode: r.form_code, formName: formName(r.form_code), count: r.n, totalCents: r.total })),
    byOperator: byOperator.map((r) => ({ operatorName: r.operator_name, count: r.n, totalCents: r.total })),
    byHour,
  };
}
