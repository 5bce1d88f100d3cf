import type { Db } from '../db/db';
import { intParam } from '../http/body';
import type { ApiKeyPrincipal } from '../http/routes';
import { BELOW_MICROS, decodeCursor, Filter, MICROS, settledMicros, nextCursor, sinceParam, storeFilter, uuidParam } from './scope';

/** GET /v1/shifts: shifts changed since `since` (opened, moved, closed), keyset paging like /v1/sales. */
export async function listShifts(db: Db, key: ApiKeyPrincipal, url: URL) {
  const stores = storeFilter(key, url.searchParams.get('store'));
  const till = uuidParam(url, 'till');
  const limit = intParam(url, 'limit', 100, 1, 1000);
  const horizon = await settledMicros(db);
  const f = new Filter().add('updated_at >= $?', sinceParam(url).toISOString()).add(BELOW_MICROS, horizon);
  if (stores) f.add('store_id = ANY($?::uuid[])', stores);
  if (till) f.add('till_id = $?', till);
  f.after(decodeCursor(url));
  const rows = await db.query<{
    id: string;
    store_id: string;
    till_id: string;
    opened_at: Date;
    opened_by: string;
    opening_float_cents: number;
    closed_at: Date | null;
    closed_by: string | null;
    closing: unknown;
    movements: unknown;
    micros: number;
  }>(
    `SELECT id, store_id, till_id, opened_at, opened_by, opening_float_cents, closed_at, closed_by, closing, movements, ${MICROS}
     FROM shifts ${f.page(limit)}`,
    f.params,
  );
  return {
    shifts: rows.slice(0, limit).map((r) => ({
      id: r.id,
      storeId: r.store_id,
      tillId: r.till_id,
      status: r.closed_at ? 'fechado' : 'aberto',
      openedAt: r.opened_at.toISOString(),
      openedBy: r.opened_by,
      openingFloatCents: r.opening_float_cents,
      closedAt: r.closed_at?.toISOString() ?? null,
      closedBy: r.closed_by,
      closing: r.closing,
      movements: r.movements,
    })),
    next: nextCursor(rows, limit),
  };
}
