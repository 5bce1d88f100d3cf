import { createRetaguardaClient, type RetaguardaClient, type TillCredentials } from '../../shared/retaguarda/client';
import type { CatalogRow } from '../catalog/csv';
import { importCatalogRows } from '../catalog/import';
import type { Db } from '../db/open';

const CURSOR_KEY = 'retaguarda.cursor';

/**
 * Down (server → till), the catalog part: products changed on the server after the stored cursor are applied
 * with the catalog import's own upsert (prices, names, units, EANs; the search index kept), one local
 * transaction per page, the cursor saved after each page (a page applied twice changes nothing).
 * Not yet: users and settings from the server, the snapshot for a new till, refusing local catalog edits.
 */
export class RetaguardaPull {
  private client: { key: string; api: RetaguardaClient } | null = null;
  private running: Promise<number> | null = null;
  private readonly get;
  private readonly put;

  constructor(private readonly d: { db: Db; credentials: () => TillCredentials | null; now: () => Date; log: (line: string) => void }) {
    this.get = d.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.put = d.db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  cursor(): number {
    return Number(this.get.get(CURSOR_KEY)?.value ?? 0);
  }

  /** Pulls until the server has nothing newer; one pull at a time. Returns the products applied. */
  pull(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    const creds = this.d.credentials();
    if (!creds) return 0;
    const key = `${creds.url}|${creds.tillId}|${creds.secret}`;
    if (this.client?.key !== key) {
      // Another caixa/server: its cursor means nothing here.
      if (this.client) this.put.run(CURSOR_KEY, '0');
      this.client = { key, api: createRetaguardaClient(creds, { timeoutMs: 30_000 }) };
    }
    let applied = 0;
    for (;;) {
      const page = await this.client.api.changes(this.cursor(), 5000);
      const rows: CatalogRow[] = page.products
        .filter((p) => p.active)
        .map((p) => ({ line: 0, code: p.code, description: p.description, priceCents: p.priceCents, unit: p.unit, eans: p.eans }));
      this.d.db.transaction(() => {
        if (rows.length) importCatalogRows(this.d.db, rows, this.d.now, undefined, { bulk: false });
        this.put.run(CURSOR_KEY, String(page.cursor));
      })();
      applied += rows.length;
      if (!page.more) return applied;
    }
  }
}
