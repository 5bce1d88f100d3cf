import type { Db } from '../db/db';
import { badRequest } from '../errors';
import type { PanelPrincipal } from './auth-roles';
import { assertStoreAccess } from './filters';

/**
 * Produtos, "Caixas com o catálogo atual": each caixa of the store against the store's latest catalog change
 * (the highest product change cursor): up to date, or how many product changes it has not received yet.
 */
export async function catalogStatus(db: Db, p: PanelPrincipal, storeId: string | null) {
  if (!storeId || !/^[0-9a-f-]{36}$/i.test(storeId)) throw badRequest('Escolha a loja.');
  assertStoreAccess(p, storeId);
  const [{ latest }] = await db.query<{ latest: string | null }>('SELECT max(change_seq)::text AS latest FROM products WHERE store_id = $1', [storeId]);
  const tills = await db.query<{ id: string; name: string; catalog_cursor: string; last_seen_at: Date | null; missing: number }>(
    `SELECT t.id, t.name, t.catalog_cursor::text, t.last_seen_at,
            (SELECT count(*)::int FROM products p WHERE p.store_id = t.store_id AND p.change_seq > t.catalog_cursor) AS missing
       FROM tills t WHERE t.store_id = $1 AND t.revoked_at IS NULL ORDER BY t.name`,
    [storeId],
  );
  return {
    latest: latest === null ? 0 : Number(latest),
    tills: tills.map((t) => ({
      tillId: t.id,
      name: t.name,
      current: t.missing === 0,
      missing: t.missing,
      lastSeenAt: t.last_seen_at ? new Date(t.last_seen_at).toISOString() : null,
    })),
  };
}
