/** "Produtos": search one store's catalog, change prices (one or many), import the till's CSV format. */
import { parseCatalogCsv } from '../../../core/catalog/csv';
import { reserveChangeSeq } from '../admin/changes';
import { upsertProducts } from '../catalog/products';
import type { Db } from '../db/db';
import { badRequest } from '../errors';
import { intParam } from '../http/body';
import { audit } from './auth';
import type { PanelPrincipal } from './auth-roles';
import { allowedStores, assertStoreAccess, uuidParam } from './filters';

export async function searchProducts(db: Db, p: PanelPrincipal, url: URL) {
  const storeId = uuidParam(url, 'loja', 'Loja');
  if (!storeId) throw badRequest('Escolha a loja.');
  allowedStores(p, storeId);
  const q = (url.searchParams.get('q') ?? '').trim();
  const limit = intParam(url, 'limite', 50, 1, 200);
  const params: unknown[] = [storeId, limit];
  let where = 'store_id = $1 AND active';
  if (/^\d+$/.test(q)) {
    params.push(Number(q) <= 2_147_483_647 ? Number(q) : -1, q);
    where += ` AND (code = $3 OR $4 = ANY(eans))`;
  } else if (q) {
    params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
    where += ` AND description ILIKE $3`;
  }
  const rows = await db.query<{ code: number; description: string; price_cents: number; unit: string; eans: string[] }>(
    `SELECT code, description, price_cents, unit, eans FROM products WHERE ${where} ORDER BY code LIMIT $2`,
    params,
  );
  return { rows: rows.map((r) => ({ code: r.code, description: r.description, priceCents: r.price_cents, unit: r.unit, eans: r.eans })) };
}

/** New price for some products of a store; each changed row takes the store's next change cursor (tills download it). */
export async function changePrices(db: Db, p: PanelPrincipal, input: { storeId: string; codes: number[]; priceCents: number }) {
  assertStoreAccess(p, input.storeId);
  if (!input.codes.length) throw badRequest('Escolha ao menos um produto.');
  const changed = await db.transaction(async (tx) => {
    const first = await reserveChangeSeq(tx, input.storeId, input.codes.length);
    const rows = await tx.query(
      `UPDATE products p SET price_cents = $3, change_seq = $4 + u.ord - 1, updated_at = now()
         FROM unnest($2::int[]) WITH ORDINALITY AS u(code, ord)
        WHERE p.store_id = $1 AND p.code = u.code AND p.price_cents <> $3 RETURNING p.code`,
      [input.storeId, input.codes, input.priceCents, first],
    );
    return rows.length;
  });
  await audit(db, p, 'produto.preco', { codes: input.codes.slice(0, 100), priceCents: input.priceCents, changed }, input.storeId);
  return { changed };
}

export async function importCatalog(db: Db, p: PanelPrincipal, storeId: string | null, body: Buffer) {
  if (!storeId || !/^[0-9a-f-]{36}$/i.test(storeId)) throw badRequest('Escolha a loja.');
  assertStoreAccess(p, storeId);
  const parsed = parseCatalogCsv(body);
  const changed = await upsertProducts(
    db,
    [storeId],
    parsed.rows.map((r) => ({ code: r.code, description: r.description, priceCents: r.priceCents, unit: r.unit, eans: r.eans })),
  );
  await audit(db, p, 'produto.importacao', { rows: parsed.rows.length, changed, errors: parsed.errors.length }, storeId);
  return { imported: parsed.rows.length, changed, errors: parsed.errors.slice(0, 200) };
}
