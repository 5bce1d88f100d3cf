import { parseStoreSetting, type StoreSettings } from '../../shared/retaguarda/store-settings';
import type { ChangesPage } from '../../shared/retaguarda/records';
import type { Db } from '../db/open';
import { FORMS_KEY } from '../payments/settings';
import { SETTINGS_KEY as PRINTER_KEY } from '../printing/settings';
import { TOLERANCE_KEY } from '../shifts/service';
import { KEY_DISCOUNT } from '../users/service';

/**
 * The store settings that came down from the Retaguarda, written into the till's own settings rows (the ones
 * Pagamentos, Usuários, Fechamento and Impressora read), inside the caller's transaction (the pull's page).
 * Only the receipt header of "Impressora" is the store's: the printer itself stays this till's.
 * Returns the keys applied (a key this till does not know, or an invalid value, is skipped).
 */
export function applyStoreSettings(db: Db, settings: ChangesPage['settings']): (keyof StoreSettings)[] {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const applied: (keyof StoreSettings)[] = [];
  for (const row of settings) {
    const s = parseStoreSetting(row.key, row.value);
    if (!s) continue;
    if (s.paymentForms) put.run(FORMS_KEY, JSON.stringify(s.paymentForms));
    if (s.discountLimitPercent !== undefined) put.run(KEY_DISCOUNT, String(s.discountLimitPercent));
    if (s.shiftToleranceCents !== undefined) put.run(TOLERANCE_KEY, String(s.shiftToleranceCents));
    if (s.receiptHeader) {
      let printer: Record<string, unknown> = {};
      try {
        const raw = get.get(PRINTER_KEY)?.value;
        if (raw) printer = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        printer = {};
      }
      put.run(PRINTER_KEY, JSON.stringify({ ...printer, ...s.receiptHeader }));
    }
    applied.push(...(Object.keys(s) as (keyof StoreSettings)[]));
  }
  return applied;
}
