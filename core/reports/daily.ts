import type { DailyReport } from '../../shared/api/reports';
import { PAYMENT_FORMS } from '../../shared/api/sales';
import type { Db } from '../db/open';

const formName = (code: number) => PAYMENT_FORMS[code as keyof typeof PAYMENT_FORMS] ?? `Forma ${code}`;

/**
 * "Relatório do dia" for any period [from, to): finished sales (cancelled ones
 * apart), by payment form, operator and hour (local time = UTC + tzOffsetMinutes).
 * Reads the covering time index; the loyalty bonus comes from delivered
 * hub.GerarBonus rows' results.
 */
const WHOLE_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00(\.000)?Z$/;

export function dailyReport(db: Db, from: string, to: string, tzOffsetMinutes = 0): DailyReport {
  if (WHOLE_HOUR.test(from) && WHOLE_HOUR.test(to) && tzOffsetMinutes % 60 === 0) return dailyReportHourly(db, from, to, tzOffsetMinutes);
  return dailyReportDirect(db, from, to, tzOffsetMinutes);
}

/** From the hourly aggregates (sales_hourly, sales_hourly_form): a few thousand rows for a month. */
export function dailyReportHourly(db: Db, from: string, to: string, tzOffsetMinutes = 0): DailyReport {
  const range = [from.slice(0, 13), to.slice(0, 13)];
  const rows = db
    .prepare<string[], { status: string; operator_id: number; hour: string; n: number; total: number; sale_disc: number; redeemed: number; item_disc: number }>(
      `SELECT status, operator_id, hour, n, total, sale_disc, redeemed, item_disc FROM sales_hourly WHERE hour >= ? AND hour < ? AND n != 0`,
    )
    .all(...range);
  const names = new Map(
    db.prepare<[], { id: number; name: string }>(`SELECT id, name FROM operators`).all().map((o) => [o.id, o.name] as const),
  );
  // Operator names as the sales recorded them (an operator renamed later keeps the old name on old sales).
  const saleNames = db.prepare<[number, string, string], { operator_name: string }>(
    `SELECT operator_name FROM sales INDEXED BY sales_bo_operator WHERE operator_id = ? AND finalized_at >= ? AND finalized_at < ? LIMIT 1`,
  );
  let n = 0, total = 0, saleDisc = 0, redeemed = 0, itemDisc = 0, cn = 0, ct = 0;
  const byOp = new Map<number, { count: number; totalCents: number }>();
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, count: 0, totalCents: 0 }));
  const shift = tzOffsetMinutes / 60;
  for (const r of rows) {
    if (r.status === 'cancelada') {
      cn += r.n;
      ct += r.total;
      continue;
    }
    n += r.n;
    total += r.total;
    saleDisc += r.sale_disc;
    redeemed += r.redeemed;
    itemDisc += r.item_disc;
    const o = byOp.get(r.operator_id) ?? { count: 0, totalCents: 0 };
    o.count += r.n;
    o.totalCents += r.total;
    byOp.set(r.operator_id, o);
    const h = (((Number(r.hour.slice(11, 13)) + shift) % 24) + 24) % 24;
    byHour[h].count += r.n;
    byHour[h].totalCents += r.total;
  }
  const forms = db
    .prepare<string[], { form_code: number; n: number; total: number }>(
      `SELECT form_code, sum(n) AS n, sum(total) AS total FROM sales_hourly_form WHERE hour >= ? AND hour < ? AND status = 'finalizada'
       GROUP BY form_code HAVING sum(n) != 0 ORDER BY total DESC`,
    )
    .all(...range);
  return {
    from,
    to,
    salesCount: n,
    totalCents: total,
    averageTicketCents: n ? Math.round(total / n) : 0,
    cancelledCount: cn,
    cancelledCents: ct,
    itemDiscountCents: itemDisc,
    saleDiscountCents: saleDisc,
    redeemedCents: redeemed,
    bonusCents: bonusOf(db, from, to),
    byForm: forms.map((r) => ({ formCode: r.form_code, formName: formName(r.form_code), count: r.n, totalCents: r.total })),
    byCardBrand: byCardBrand(db, from, to),
    byOperator: [...byOp.entries()]
      .filter(([, v]) => v.count !== 0)
      .map(([id, v]) => ({ operatorName: saleNames.get(id, from, to)?.operator_name ?? names.get(id) ?? `Operador ${id}`, ...v }))
      .sort((a, b) => b.totalCents - a.totalCents),
    byHour,
  };
}

/** Card tenders (Crédito 3, Débito 4) of finished sales in [from, to) by bandeira. */
function byCardBrand(db: Db, from: string, to: string): DailyReport['byCardBrand'] {
  return db
    .prepare<string[], { form_code: number; brand: string; n: number; total: number }>(
      `SELECT p.form_code, coalesce(p.card_brand, 'Não informada') AS brand, count(*) AS n, sum(p.amount_cents) AS total
       FROM sales s INDEXED BY sales_bo_time JOIN payments p ON p.sale_id = s.id
       WHERE s.finalized_at >= ? AND s.finalized_at < ? AND s.status = 'finalizada' AND p.form_code IN (3, 4)
       GROUP BY p.form_code, brand ORDER BY p.form_code, total DESC`,
    )
    .all(from, to)
    .map((r) => ({ formCode: r.form_code, brand: r.brand, count: r.n, totalCents: r.total }));
}

function bonusOf(db: Db, from: string, to: string): number {
  return db
    .prepare<string[], { b: number }>(
      // The outbox keeps the client's mapped answer in cents (generatedCents); rows written by older versions kept the hub's field.
      `SELECT coalesce(sum(coalesce(json_extract(o.result_json, '$.generatedCents'),
                                    CAST(round(json_extract(o.result_json, '$.SaldoBonusGeradoVenda') * 100) AS INTEGER))), 0) AS b
       FROM sales s INDEXED BY sales_bo_bonus JOIN outbox o ON o.sale_id = s.id AND o.kind = 'hub.GerarBonus' AND o.status = 'done'
       WHERE s.loyalty_flags & 1 != 0 AND s.finalized_at >= ? AND s.finalized_at < ? AND s.status = 'finalizada'`,
    )
    .get(from, to)!.b;
}

/** Straight from the sales (any instants, any offset). */
export function dailyReportDirect(db: Db, from: string, to: string, tzOffsetMinutes = 0): DailyReport {
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
    bonusCents: bonusOf(db, from, to),
    byForm: byForm.map((r) => ({ formCode: r.form_code, formName: formName(r.form_code), count: r.n, totalCents: r.total })),
    byCardBrand: byCardBrand(db, from, to),
    byOperator: byOperator.map((r) => ({ operatorName: r.operator_name, count: r.n, totalCents: r.total })),
    byHour,
  };
}
