import type { Db } from '../db/db';
import { badRequest } from '../errors';
import { BELOW_MICROS, decodeCursor, Filter, MICROS, settledMicros, nextCursor, sinceParam, storeFilter, uuidParam } from './scope';
import type { ApiKeyPrincipal } from '../http/routes';
import { intParam } from '../http/body';

export interface SaleOut {
  id: string;
  storeId: string;
  tillId: string;
  number: number | null;
  status: 'finalizada' | 'cancelada';
  finalizedAt: string;
  totalCents: number;
  payments: { formCode: number; amountCents: number }[];
  lines: { ean: string; description: string; quantity: number; totalCents: number }[];
}

/**
 * GET /v1/sales: sales changed since `since` (inserted, or cancelled later: a cancellation brings the sale
 * back with status "cancelada"), in (updated_at, id) order with keyset paging.
 */
export async function listSales(db: Db, key: ApiKeyPrincipal, url: URL): Promise<{ sales: SaleOut[]; next: string | null }> {
  const stores = storeFilter(key, url.searchParams.get('store'));
  const till = uuidParam(url, 'till');
  const status = url.searchParams.get('status');
  if (status !== null && status !== '' && status !== 'finalizada' && status !== 'cancelada') {
    throw badRequest(`Parâmetro status inválido: ${status} (finalizada ou cancelada).`);
  }
  const limit = intParam(url, 'limit', 100, 1, 1000);
  const horizon = await settledMicros(db);
  const f = new Filter().add('updated_at >= $?', sinceParam(url).toISOString()).add(BELOW_MICROS, horizon);
  if (stores) f.add('store_id = ANY($?::uuid[])', stores);
  if (till) f.add('till_id = $?', till);
  if (status) f.add('status = $?', status);
  f.after(decodeCursor(url));
  const rows = await db.query<{
    id: string;
    store_id: string;
    till_id: string;
    number: number | null;
    status: 'finalizada' | 'cancelada';
    finalized_at: Date;
    total_cents: number;
    micros: number;
  }>(`SELECT id, store_id, till_id, number, status, finalized_at, total_cents, ${MICROS} FROM sales ${f.page(limit)}`, f.params);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const [lines, payments] = ids.length
    ? [
        await db.query<{ sale_id: string; ean: string; description: string; quantity: number; total_cents: number }>(
          'SELECT sale_id, ean, description, quantity, total_cents FROM sale_lines WHERE sale_id = ANY($1::uuid[]) ORDER BY sale_id, line_no',
          [ids],
        ),
        await db.query<{ sale_id: string; form_code: number; amount_cents: number }>(
          'SELECT sale_id, form_code, amount_cents FROM sale_payments WHERE sale_id = ANY($1::uuid[]) ORDER BY sale_id, payment_no',
          [ids],
        ),
      ]
    : [[], []];
  const bySale = new Map<string, SaleOut>();
  const sales = page.map((r) => {
    const s: SaleOut = {
      id: r.id,
      storeId: r.store_id,
      tillId: r.till_id,
      number: r.number,
      status: r.status,
      finalizedAt: r.finalized_at.toISOString(),
      totalCents: r.total_cents,
      payments: [],
      lines: [],
    };
    bySale.set(r.id, s);
    return s;
  });
  for (const l of lines) bySale.get(l.sale_id)!.lines.push({ ean: l.ean, description: l.description, quantity: l.quantity, totalCents: l.total_cents });
  for (const p of payments) bySale.get(p.sale_id)!.payments.push({ formCode: p.form_code, amountCents: p.amount_cents });
  return { sales, next: nextCursor(rows, limit) };
}
