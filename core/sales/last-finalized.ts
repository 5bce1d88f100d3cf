import type { LastFinalized, Sale } from '../../shared/api/sales';
import type { Db } from '../db/open';
import type { ChangeKind } from './pipeline';
import type { SalesService } from './service';

const KEY = 'sale.lastFinalizedId';

export interface LastFinalizedTracker {
  get(): LastFinalized | null;
  /** Finalize step: records the sale's id (settings) in the finalize transaction. */
  remember(sale: Sale): void;
  /** Change step: the next change to the open sale's items clears it (a refused change does not). */
  forget(kind: ChangeKind): void;
}

/**
 * The post-sale box ("Venda nº N finalizada", "Imprimir comprovante") survives a
 * reload: the finalize transaction records the sale's id (settings), and the
 * next change to the open sale's items clears it, both as steps of the sale
 * pipeline (inside the sale's transaction, so a refused change does not clear it).
 */
export function trackLastFinalized(sales: SalesService, db: Db): LastFinalizedTracker {
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`);
  const del = db.prepare(`DELETE FROM settings WHERE key = ?`);
  const read = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  return {
    remember: (sale) => void put.run(KEY, sale.id),
    forget: (kind) => {
      if (kind === 'line' || kind === 'discard') del.run(KEY);
    },
    get() {
      const id = read.get(KEY)?.value;
      if (!id) return null;
      const open = sales.current();
      if (open.lines.length > 0) return null; // an item was scanned since (defensive: the step clears it)
      let sale;
      try {
        sale = sales.get(id);
      } catch {
        return null;
      }
      if (sale.status === 'aberta') return null;
      return { id: sale.id, number: sale.documentNumber, series: sale.series, changeCents: sale.totals.changeCents, netCents: sale.totals.netCents };
    },
  };
}
