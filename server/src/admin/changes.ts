import type { Queryable } from '../db/db';
import { notFound } from '../errors';

/**
 * Reserves `count` values of a store's change cursor. The UPDATE locks the store row until the
 * transaction ends, so writes of one store take cursor values in commit order: a till reading
 * "everything after N" never misses a change that commits later with a smaller number.
 * Returns the first reserved value.
 */
export async function reserveChangeSeq(tx: Queryable, storeId: string, count: number): Promise<number> {
  const rows = await tx.query<{ change_seq: number }>(
    'UPDATE stores SET change_seq = change_seq + $2 WHERE id = $1 RETURNING change_seq',
    [storeId, count],
  );
  if (!rows.length) throw notFound(`Loja ${storeId} não encontrada.`);
  return rows[0].change_seq - count + 1;
}
