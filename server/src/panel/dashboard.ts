/** "Painel": the period's figures for the selected stores/till (one round of small aggregate queries). */
import type { Db } from '../db/db';
import { intParam } from '../http/body';
import type { PanelPrincipal } from './auth-roles';
import { allowedStores, formName, PIX_FORMS, saleWhere, type SaleFilters } from './filters';
import { summaryApplies, summaryFigures, type Figures } from './summary';
import type { Dashboard } from './dashboard-data';


const TZ = 'America/Sao_Paulo';

/** The figures from the sales themselves (any filter). */
export async function rawFigures(db: Db, p: PanelPrincipal, base: SaleFilters): Promise<Figures> {
  const w = saleWhere(p, base);
  const [totals] = await db.query<Figures['totals']>(
    `SELECT count(*) FILTER (WHERE status = 'finalizada')::int AS sales,
            coalesce(sum(total_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS total,
            count(*) FILTER (WHERE status = 'cancelada')::int AS cancelled,
            coalesce(sum(total_cents) FILTER (WHERE status = 'cancelada'), 0)::bigint AS cancelled_total,
            coalesce(sum(discount_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS discount,
            coalesce(sum(redemption_cents) FILTER (WHERE status = 'finalizada'), 0)::bigint AS redeemed,
            coalesce(sum(CASE WHEN jsonb_typeof(loyalty->'bonusCents') = 'number' THEN (loyalty->>'bonusCents')::bigint END)
                     FILTER (WHERE status = 'finalizada'), 0)::bigint AS bonus
       FROM sales s ${w}`,
    w.params,
  );
  const fin = saleWhere(p, { ...base, status: 'finalizada' });
  const byForm = await db.query<{ form_code: number; count: number; total: number }>(
    `SELECT sp.form_code, count(*)::int AS count, sum(sp.amount_cents)::bigint AS total
       FROM sales s JOIN sale_payments sp ON sp.sale_id = s.id ${fin}
      GROUP BY sp.form_code ORDER BY total DESC`,
    fin.params,
  );
  const byStore = await db.query<{ store_id: string; name: string; sales: number; total: number }>(
    `SELECT s.store_id, st.name, count(*)::int AS sales, sum(s.total_cents)::bigint AS total
       FROM sales s JOIN stores st ON st.id = s.store_id ${fin}
      GROUP BY s.store_id, st.name ORDER BY total DESC`,
    fin.params,
  );
  const pw = saleWhere(p, base);
  pw.add('sp.form_code = ANY(?::int[])', PIX_FORMS);
  const pix = await db.query<{ status: string; count: number; total: number }>(
    `SELECT coalesce(sp.pix_status, 'PENDENTE') AS status, count(*)::int AS count, sum(sp.amount_cents)::bigint AS total
       FROM sales s JOIN sale_payments sp ON sp.sale_id = s.id ${pw}
      GROUP BY 1 ORDER BY 1`,
    pw.params,
  );
  const hw = saleWhere(p, { ...base, status: 'finalizada' });
  const byHour = await db.query<{ hour: number; sales: number; total: number }>(
    `SELECT extract(hour FROM s.finalized_at AT TIME ZONE '${TZ}')::int AS hour, count(*)::int AS sales, sum(s.total_cents)::bigint AS total
       FROM sales s ${hw} GROUP BY 1 ORDER BY 1`,
    hw.params,
  );
  return { totals, byForm, byStore, pix, byHour };
}

export async function dashboard(db: Db, p: PanelPrincipal, f: SaleFilters, url: URL): Promise<Dashboard> {
  const staleMinutes = intParam(url, 'minutos', 30, 1, 7 * 24 * 60);
  const base = { ...f, status: null } as SaleFilters;
  // A month of all stores: the summary tables (exact, kept at ingest); any other filter: the sales.
  const { totals, byForm, byStore, pix, byHour } = summaryApplies(base) ? await summaryFigures(db, p, base, TZ) : await rawFigures(db, p, base);
  const stores = allowedStores(p, f.storeId);
  const stale = await db.query<{ id: string; name: string; store_name: string; last_seen_at: Date | null }>(
    `SELECT t.id, t.name, st.name AS store_name, t.last_seen_at
       FROM tills t JOIN stores st ON st.id = t.store_id
      WHERE t.revoked_at IS NULL
        AND (t.last_seen_at IS NULL OR t.last_seen_at < now() - make_interval(mins => $1))
        ${stores ? 'AND t.store_id = ANY($2::uuid[])' : ''}
      ORDER BY t.last_seen_at NULLS FIRST, st.name, t.name LIMIT 100`,
    stores ? [staleMinutes, stores] : [staleMinutes],
  );
  const hours = new Map(byHour.map((h) => [h.hour, h]));
  return {
    totalCents: Number(totals.total),
    sales: Number(totals.sales),
    averageTicketCents: Number(totals.sales) ? Math.round(Number(totals.total) / Number(totals.sales)) : 0,
    cancelled: { count: Number(totals.cancelled), totalCents: Number(totals.cancelled_total) },
    discountCents: Number(totals.discount),
    loyalty: { redeemedCents: Number(totals.redeemed), bonusCents: Number(totals.bonus) },
    byPaymentForm: byForm.map((r) => ({ formCode: r.form_code, name: formName(r.form_code), count: Number(r.count), totalCents: Number(r.total) })),
    byStore: byStore.map((r) => ({ storeId: r.store_id, name: r.name, sales: Number(r.sales), totalCents: Number(r.total) })),
    pixByStatus: pix.map((r) => ({ status: r.status, count: Number(r.count), totalCents: Number(r.total) })),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, sales: Number(hours.get(hour)?.sales ?? 0), totalCents: Number(hours.get(hour)?.total ?? 0) })),
    staleTills: stale.map((t) => ({ tillId: t.id, name: t.name, storeName: t.store_name, lastSeenAt: t.last_seen_at ? new Date(t.last_seen_at).toISOString() : null })),
    staleMinutes,
  };
}
