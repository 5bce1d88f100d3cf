/**
 * Figures from the summary tables (migration 012: sales_hourly, payments_daily, kept exact at ingest by
 * triggers) instead of the sales themselves — when the filters are only period on whole São Paulo days (as
 * the panel sends them), store and status. A caixa is a narrow slice: the raw queries serve it. Same shapes
 * as the raw queries in dashboard.ts / sales.ts.
 */
import type { Db } from '../db/db';
import type { PanelPrincipal } from './auth-roles';
import { allowedStores, PIX_FORMS, Where, type SaleFilters } from './filters';

const SP = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The São Paulo date (YYYY-MM-DD) of an instant that is a São Paulo midnight, else null. */
function spMidnight(iso: string): string | null {
  const d = new Date(iso);
  if (d.getUTCMilliseconds() !== 0) return null;
  const p = Object.fromEntries(SP.formatToParts(d).map((x) => [x.type, x.value]));
  return p.hour === '00' && p.minute === '00' && p.second === '00' ? `${p.year}-${p.month}-${p.day}` : null;
}

export function summaryApplies(f: SaleFilters): boolean {
  const whole = (t: string | null) => t === null || spMidnight(t) !== null;
  return !f.tillId && f.formCode === null && f.minCents === null && f.maxCents === null && !f.cpf && !f.operator && whole(f.from) && whole(f.to);
}

/** WHERE on sales_hourly (`hour`) or payments_daily (`day`, the São Paulo dates of the period's midnights). */
function hourWhere(p: PanelPrincipal, f: SaleFilters, status: string | null, daily = false): Where {
  const w = new Where();
  const stores = allowedStores(p, f.storeId);
  if (stores) w.add('h.store_id = ANY(?::uuid[])', stores);
  if (f.from) w.add(daily ? 'h.day >= ?::date' : 'h.hour >= ?', daily ? spMidnight(f.from) : f.from);
  if (f.to) w.add(daily ? 'h.day < ?::date' : 'h.hour < ?', daily ? spMidnight(f.to) : f.to);
  if (status) w.add('h.status = ?', status);
  return w;
}

export interface Figures {
  totals: { sales: number; total: number; cancelled: number; cancelled_total: number; discount: number; redeemed: number; bonus: number };
  byForm: { form_code: number; count: number; total: number }[];
  byStore: { store_id: string; name: string; sales: number; total: number }[];
  pix: { status: string; count: number; total: number }[];
  byHour: { hour: number; sales: number; total: number }[];
}

export async function summaryFigures(db: Db, p: PanelPrincipal, f: SaleFilters, tz: string): Promise<Figures> {
  const all = hourWhere(p, f, null);
  const [totals] = await db.query<Figures['totals']>(
    `SELECT coalesce(sum(sales) FILTER (WHERE status = 'finalizada'), 0)::bigint AS sales,
            coalesce(sum(total_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS total,
            coalesce(sum(sales) FILTER (WHERE status = 'cancelada'), 0)::bigint AS cancelled,
            coalesce(sum(total_cents) FILTER (WHERE status = 'cancelada'), 0)::bigint AS cancelled_total,
            coalesce(sum(discount_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS discount,
            coalesce(sum(redemption_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS redeemed,
            coalesce(sum(bonus_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS bonus
       FROM sales_hourly h ${all}`,
    all.params,
  );
  const fin = hourWhere(p, f, 'finalizada');
  const pfin = hourWhere(p, f, 'finalizada', true);
  const byForm = await db.query<Figures['byForm'][number]>(
    `SELECT form_code, sum(payments)::bigint AS count, sum(amount_cents)::bigint AS total FROM payments_daily h ${pfin}
      GROUP BY form_code HAVING sum(payments) > 0 ORDER BY total DESC`,
    pfin.params,
  );
  const byStore = await db.query<Figures['byStore'][number]>(
    `SELECT h.store_id, st.name, sum(h.sales)::bigint AS sales, sum(h.total_cents)::bigint AS total
       FROM sales_hourly h JOIN stores st ON st.id = h.store_id ${fin}
      GROUP BY h.store_id, st.name HAVING sum(h.sales) > 0 ORDER BY total DESC`,
    fin.params,
  );
  const pw = hourWhere(p, f, null, true);
  pw.add('h.form_code = ANY(?::int[])', PIX_FORMS);
  const pix = await db.query<Figures['pix'][number]>(
    `SELECT CASE WHEN pix_status = '' THEN 'PENDENTE' ELSE pix_status END AS status, sum(payments)::bigint AS count, sum(amount_cents)::bigint AS total
       FROM payments_daily h ${pw} GROUP BY 1 HAVING sum(payments) > 0 ORDER BY 1`,
    pw.params,
  );
  const byHour = await db.query<Figures['byHour'][number]>(
    `SELECT extract(hour FROM h.hour AT TIME ZONE '${tz}')::int AS hour, sum(sales)::bigint AS sales, sum(total_cents)::bigint AS total
       FROM sales_hourly h ${fin} GROUP BY 1 HAVING sum(sales) > 0 ORDER BY 1`,
    fin.params,
  );
  return { totals, byForm, byStore, pix, byHour };
}

/** The list's count and total ("N venda(s) · R$ …") from sales_hourly. */
export async function summaryCount(db: Db, p: PanelPrincipal, f: SaleFilters): Promise<{ count: number; totalCents: number | null; capped?: boolean }> {
  const w = hourWhere(p, f, f.status);
  const [r] = await db.query<{ count: number; total: number }>(
    `SELECT coalesce(sum(sales), 0)::bigint AS count, coalesce(sum(total_cents), 0)::bigint AS total FROM sales_hourly h ${w}`,
    w.params,
  );
  return { count: Number(r.count), totalCents: Number(r.total) };
}
