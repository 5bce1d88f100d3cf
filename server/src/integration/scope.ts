import type { Db } from '../db/db';
import { badRequest, forbidden } from '../errors';
import type { ApiKeyPrincipal } from '../http/routes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ?store= within the key's stores → [that store]; absent → the key's stores (null = every store). */
export function storeFilter(key: ApiKeyPrincipal, requested: string | null): string[] | null {
  if (requested === null || requested === '') return key.storeIds;
  if (!UUID.test(requested)) throw badRequest(`Loja inválida: ${requested}`);
  if (key.storeIds && !key.storeIds.includes(requested)) throw forbidden(`Esta chave não dá acesso à loja ${requested}.`);
  return [requested];
}

/** The stores a write reaches: the filter above, or every store when the key is not limited. */
export async function targetStores(db: Db, key: ApiKeyPrincipal, requested: string | null): Promise<string[]> {
  const filter = storeFilter(key, requested);
  const rows = filter
    ? await db.query<{ id: string }>('SELECT id FROM stores WHERE id = ANY($1::uuid[])', [filter])
    : await db.query<{ id: string }>('SELECT id FROM stores ORDER BY created_at');
  if (!rows.length) throw badRequest(requested ? `Loja ${requested} não encontrada.` : 'Nenhuma loja cadastrada na retaguarda.');
  return rows.map((r) => r.id);
}

export function uuidParam(url: URL, name: string): string | null {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return null;
  if (!UUID.test(v)) throw badRequest(`Parâmetro ${name} inválido: ${v}`);
  return v;
}

/** ?since=<ISO instant> (default: the beginning). */
export function sinceParam(url: URL): Date {
  const v = url.searchParams.get('since');
  if (v === null || v === '') return new Date(0);
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw badRequest(`Parâmetro since inválido: ${v} (use um instante ISO 8601, ex.: 2026-12-07T00:00:00Z).`);
  return new Date(t);
}

/**
 * Keyset cursor over (updated_at, id): microseconds since the epoch (exact, unlike a JS Date) and the id,
 * opaque to clients.
 */
export function encodeCursor(micros: number, id: string): string {
  return Buffer.from(`${micros}.${id}`).toString('base64url');
}

export function decodeCursor(url: URL): { micros: number; id: string } | null {
  const v = url.searchParams.get('cursor');
  if (v === null || v === '') return null;
  const m = /^(\d{1,17})\.([0-9a-f-]{36})$/.exec(Buffer.from(v, 'base64url').toString());
  if (!m) throw badRequest('Parâmetro cursor inválido: use o valor de "next" da página anterior.');
  return { micros: Number(m[1]), id: m[2] };
}

/** WHERE conditions with numbered parameters, and the (updated_at, id) keyset of a changed-since listing. */
export class Filter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `sql` with `$?` where the value goes. */
  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replace('$?', `$${this.params.length}`));
    return this;
  }

  after(cursor: { micros: number; id: string } | null): this {
    if (!cursor) return this;
    this.params.push(cursor.micros, cursor.id);
    const n = this.params.length;
    this.conditions.push(`(updated_at, id) > (timestamptz 'epoch' + $${n - 1} * interval '1 microsecond', $${n}::uuid)`);
    return this;
  }

  /** "WHERE … ORDER BY updated_at, id LIMIT $n" for limit + 1 rows (the extra one says there is a next page). */
  page(limit: number): string {
    this.params.push(limit + 1);
    const where = this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
    return `${where} ORDER BY updated_at, id LIMIT $${this.params.length}`;
  }
}

/**
 * The "settled" horizon, in microseconds: every row with updated_at below it is committed and visible.
 * Writers stamp updated_at with clock_timestamp() after their transaction took an xid, so an open writing
 * transaction can only add rows at or after its xact_start; the horizon is the oldest such start (or now).
 * Listing only below it means a keyset reader never steps past a row that commits later with an earlier
 * stamp. Read in its own statement BEFORE the listing (whose snapshot is then newer).
 */
export async function settledMicros(db: Db): Promise<number> {
  const [row] = await db.query<{ m: number }>(
    `SELECT (extract(epoch from COALESCE(min(xact_start), clock_timestamp())) * 1000000)::bigint AS m
     FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname = current_database()`,
  );
  return row.m;
}

export const BELOW_MICROS = "updated_at < timestamptz 'epoch' + $? * interval '1 microsecond'";

/** Selected beside the row: its keyset position. */
export const MICROS = '(extract(epoch from updated_at) * 1000000)::bigint AS micros';

export function nextCursor<T extends { micros: number; id: string }>(rows: T[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1];
  return encodeCursor(last.micros, last.id);
}
