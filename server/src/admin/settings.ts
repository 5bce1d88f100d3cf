import { STORE_SETTING_KEYS, StoreSettings } from '../../../shared/retaguarda/store-settings';
import type { Db } from '../db/db';
import { badRequest, notFound } from '../errors';
import { reserveChangeSeq } from './changes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JSON with object keys sorted (jsonb gives keys back in its own order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/**
 * The store settings every caixa of a store applies (payment forms, discount limit, closing tolerance,
 * receipt header): validated with the till's own schema, written in one transaction, each changed key taking
 * the store's next change cursor value so the tills pull it like a product or a user. Used by the CLI
 * (`settings:set`), the integration API (`PUT /v1/settings`) and, later, the panel.
 */
export async function setStoreSettings(db: Db, storeId: string, raw: unknown): Promise<{ storeId: string; settings: StoreSettings; changed: string[] }> {
  if (!UUID.test(storeId)) throw badRequest(`Loja inválida: ${storeId}`);
  const parsed = StoreSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`Configuração inválida${issue.path.length ? ` (${issue.path.join('.')})` : ''}: ${issue.message}`);
  }
  const input = parsed.data;
  const keys = STORE_SETTING_KEYS.filter((k) => input[k] !== undefined);
  if (!keys.length) throw badRequest(`Informe ao menos uma configuração: ${STORE_SETTING_KEYS.join(', ')}.`);
  const changed = await db.transaction(async (tx) => {
    const current = await tx.query<{ key: string; value: unknown }>('SELECT key, value FROM store_settings WHERE store_id = $1', [storeId]);
    const same = (k: string) => {
      const row = current.find((r) => r.key === k);
      return row !== undefined && canonical(row.value) === canonical(input[k as keyof StoreSettings]);
    };
    const toWrite = keys.filter((k) => !same(k));
    if (!toWrite.length) {
      if (!(await tx.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).length) throw notFound(`Loja ${storeId} não encontrada.`);
      return [];
    }
    const first = await reserveChangeSeq(tx, storeId, toWrite.length);
    for (const [i, k] of toWrite.entries()) {
      await tx.query(
        `INSERT INTO store_settings (store_id, key, value, change_seq) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value, change_seq = excluded.change_seq, updated_at = now()`,
        [storeId, k, JSON.stringify(input[k]), first + i],
      );
    }
    return toWrite;
  });
  return { storeId, settings: await getStoreSettings(db, storeId), changed };
}

export async function getStoreSettings(db: Db, storeId: string): Promise<StoreSettings> {
  if (!UUID.test(storeId)) throw badRequest(`Loja inválida: ${storeId}`);
  const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM store_settings WHERE store_id = $1 ORDER BY key', [storeId]);
  return Object.fromEntries(rows.filter((r) => (STORE_SETTING_KEYS as string[]).includes(r.key)).map((r) => [r.key, r.value])) as StoreSettings;
}

/** CLI options → settings: `--payment-forms 1,3,4,17 --discount-limit 10 --tolerance 5,00 --receipt-name … --receipt-cnpj … --receipt-address …`. */
export function settingsFromCli(o: Record<string, string | undefined>, current: StoreSettings): StoreSettings {
  const out: Record<string, unknown> = {};
  if (o['payment-forms'] !== undefined) out.paymentForms = o['payment-forms'].split(',').map((s) => Number(s.trim()));
  if (o['discount-limit'] !== undefined) out.discountLimitPercent = Number(o['discount-limit'].replace(',', '.'));
  if (o.tolerance !== undefined) {
    const m = /^(\d{1,7})(?:,(\d{2}))?$/.exec(o.tolerance.trim());
    if (!m) throw badRequest(`Tolerância inválida: ${o.tolerance} (em reais, ex.: 5,00).`);
    out.shiftToleranceCents = Number(m[1]) * 100 + Number(m[2] ?? 0);
  }
  if (o['receipt-name'] !== undefined || o['receipt-cnpj'] !== undefined || o['receipt-address'] !== undefined) {
    const h = current.receiptHeader;
    out.receiptHeader = {
      storeName: o['receipt-name'] ?? h?.storeName ?? '',
      storeCnpj: o['receipt-cnpj'] ?? h?.storeCnpj ?? '',
      storeAddress: o['receipt-address'] ?? h?.storeAddress ?? '',
    };
  }
  return out as StoreSettings;
}
