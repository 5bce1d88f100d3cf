import type { Db } from '../db/db';
import { reserveChangeSeq } from '../admin/changes';

export interface ProductInput {
  code: number;
  description: string;
  priceCents: number;
  unit: string;
  eans: string[];
}

const CHUNK = 5000;

/**
 * Upserts products into each store: one transaction per store and chunk, every changed row taking the
 * next value of the store's change cursor (unchanged rows keep theirs, so tills download nothing for
 * them). Returns how many rows changed per store.
 */
export async function upsertProducts(db: Db, storeIds: string[], products: ProductInput[]): Promise<number> {
  let changed = 0;
  for (const storeId of storeIds) {
    for (let i = 0; i < products.length; i += CHUNK) {
      const chunk = products.slice(i, i + CHUNK);
      changed += await db.transaction(async (tx) => {
        const first = await reserveChangeSeq(tx, storeId, chunk.length);
        const rows = await tx.query(
          `INSERT INTO products (store_id, code, description, price_cents, unit, eans, change_seq)
           SELECT $1, u.code, u.description, u.price, u.unit, string_to_array(u.eans, ','), u.seq
           FROM unnest($2::int[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[]) AS u(code, description, price, unit, eans, seq)
           ON CONFLICT (store_id, code) DO UPDATE SET description = excluded.description, price_cents = excluded.price_cents,
             unit = excluded.unit, eans = excluded.eans, active = true, change_seq = excluded.change_seq, updated_at = now()
           WHERE (products.description, products.price_cents, products.unit, products.eans, products.active)
             IS DISTINCT FROM (excluded.description, excluded.price_cents, excluded.unit, excluded.eans, true)
           RETURNING code`,
          [
            storeId,
            chunk.map((p) => p.code),
            chunk.map((p) => p.description),
            chunk.map((p) => p.priceCents),
            chunk.map((p) => p.unit),
            chunk.map((p) => p.eans.join(',')),
            chunk.map((_, k) => first + k),
          ],
        );
        return rows.length;
      });
    }
  }
  return changed;
}
