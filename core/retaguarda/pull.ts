import { createRetaguardaClient, type RetaguardaClient, type TillCredentials, type TillStatus } from '../../shared/retaguarda/client';
import type { ChangesPage } from '../../shared/retaguarda/records';
import type { CatalogRow } from '../catalog/csv';
import { importCatalogRows } from '../catalog/import';
import { isFractionalUnit } from '../../shared/quantity';
import type { Db } from '../db/open';
import { takeSnapshot } from './snapshot';
import { applyStoreSettings } from './store-settings';

const CURSOR_KEY = 'retaguarda.cursor';
/** Which pairing (`url|tillId`) the catalog snapshot and the cursor belong to: another one starts over. */
const SNAPSHOT_KEY = 'retaguarda.snapshotOf';

/**
 * Down (server → till). A till not yet synced with this pairing first takes the catalog snapshot (snapshot.ts);
 * then products changed on the server after the stored cursor are applied with the catalog import's own upsert
 * (prices, names, units, EANs; the search index kept), the store's till users with their PIN hashes and the store
 * settings (store-settings.ts), one local transaction per page, the cursor saved in it (a page applied twice
 * changes nothing).
 */
export class RetaguardaPull {
  private client: { key: string; api: RetaguardaClient } | null = null;
  private running: Promise<number> | null = null;
  private readonly get;
  private readonly put;

  private readonly u;

  constructor(
    private readonly d: {
      db: Db;
      credentials: () => TillCredentials | null;
      now: () => Date;
      log: (line: string) => void;
      /** Operators or the discount limit were written here (the users service drops its snapshot). */
      usersChanged?: () => void;
      /** Reported with every pull (Lojas > Caixas on the panel): this app's version and what it still has to send. */
      status?: () => TillStatus;
    },
  ) {
    this.get = d.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.put = d.db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.u = {
      mapped: d.db.prepare<[string], { operator_id: number }>('SELECT operator_id FROM retaguarda_users WHERE server_id = ?'),
      byName: d.db.prepare<[string], { id: number }>(
        'SELECT o.id FROM operators o WHERE o.active = 1 AND o.name = ? COLLATE NOCASE AND o.id NOT IN (SELECT operator_id FROM retaguarda_users)',
      ),
      map: d.db.prepare<[string, number]>('INSERT INTO retaguarda_users(server_id, operator_id) VALUES (?, ?)'),
      update: d.db.prepare<[string, string, string, string, number, number]>(
        'UPDATE operators SET name = ?, role = ?, pin_hash = ?, pin_salt = ?, active = ?, failed_attempts = 0, locked_until_ms = NULL WHERE id = ?',
      ),
      insert: d.db.prepare<[string, string, string, string, number, string]>(
        'INSERT INTO operators (name, role, pin_hash, pin_salt, active, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  /**
   * The store's till users: the same PIN hash at every caixa (logs anyone in offline). A server user takes over
   * the local operator of the same name the first time (the till's history keeps its operator id).
   */
  private applyUsers(users: ChangesPage['users']): void {
    for (const user of users) {
      const id = this.u.mapped.get(user.id)?.operator_id ?? this.u.byName.get(user.name)?.id;
      if (id !== undefined) {
        this.u.update.run(user.name, user.role, user.pinHash, user.pinSalt, user.active ? 1 : 0, id);
        if (!this.u.mapped.get(user.id)) this.u.map.run(user.id, id);
      } else {
        const inserted = this.u.insert.run(user.name, user.role, user.pinHash, user.pinSalt, user.active ? 1 : 0, this.d.now().toISOString());
        this.u.map.run(user.id, Number(inserted.lastInsertRowid));
      }
    }
  }

  private applySettings(settings: ChangesPage['settings']): void {
    const keys = applyStoreSettings(this.d.db, settings);
    if (keys.length) this.d.log(`retaguarda: configurações da loja aplicadas (${keys.join(', ')})`);
  }

  cursor(): number {
    return Number(this.get.get(CURSOR_KEY)?.value ?? 0);
  }

  /** Pulls until the server has nothing newer; one pull at a time. Returns the products, users and settings applied. */
  pull(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    const creds = this.d.credentials();
    if (!creds) return 0;
    const key = `${creds.url}|${creds.tillId}|${creds.secret}`;
    if (this.client?.key !== key) this.client = { key, api: createRetaguardaClient(creds, { timeoutMs: 30_000 }) };
    let applied = 0;
    const pairing = `${creds.url}|${creds.tillId}`;
    if (this.get.get(SNAPSHOT_KEY)?.value !== pairing) {
      // A new till, or another caixa/server (whose cursor means nothing here): the whole catalog first.
      const snap = await takeSnapshot(this.d.db, this.client.api, this.d.now);
      this.d.db.transaction(() => {
        this.applyUsers(snap.users);
        this.applySettings(snap.settings);
        this.put.run(CURSOR_KEY, String(snap.cursor));
        this.put.run(SNAPSHOT_KEY, pairing);
      })();
      this.d.usersChanged?.();
      this.d.log(`retaguarda: catálogo recebido por snapshot (${snap.products} produtos), cursor ${snap.cursor}`);
      applied += snap.products + snap.users.length + snap.settings.length;
    }
    for (;;) {
      const page = await this.client.api.changes(this.cursor(), 5000, this.d.status?.());
      const rows: CatalogRow[] = page.products
        .filter((p) => p.active)
        // The server does not carry "fracionado" yet: the unit decides, as in a CSV without that column.
        .map((p) => ({ line: 0, code: p.code, description: p.description, priceCents: p.priceCents, unit: p.unit, eans: p.eans, fractional: isFractionalUnit(p.unit) }));
      this.d.db.transaction(() => {
        if (rows.length) importCatalogRows(this.d.db, rows, this.d.now, undefined, { bulk: false });
        this.applyUsers(page.users);
        this.applySettings(page.settings);
        this.put.run(CURSOR_KEY, String(page.cursor));
      })();
      if (page.users.length || page.settings.length) this.d.usersChanged?.();
      applied += rows.length + page.users.length + page.settings.length;
      if (!page.more) return applied;
    }
  }
}
