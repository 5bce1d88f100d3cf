import type { OutboxFilter, OutboxItem, OutboxSaleState, OutboxSettings } from '../../shared/api/outbox';
import { maskCpf } from '../../shared/cpf';
import { saleNumber } from '../../shared/sale-number';
import type { Db } from '../db/open';
import { fromRow, type OutboxDbRow } from './repo';
import type { OutboxKinds } from './kinds';
import { BLOCKED_MS, OPEN_STATUSES, type OutboxChannel, type OutboxRow } from './types';

const KEEP_DAYS_KEY = 'outbox.keepDays';
const DEFAULT_KEEP_DAYS = 30;

type ListRow = OutboxDbRow & { series: string | null; document_number: number | null; customer_cpf: string | null };

/**
 * Reads for the Sincronização screen and the per-sale state (receipt, Minhas vendas). Reads only. What a row is
 * called, whose CPF it carries and whether it is a bonus come from its kind (`kinds`: what the channels registered).
 */
export class OutboxQuery {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly kinds: Pick<OutboxKinds, 'label' | 'customerCpf' | 'isBonus'>,
  ) {
    const list = (statuses: readonly string[]) =>
      db.prepare<[number], ListRow>(
        `SELECT o.*, s.series, s.document_number, s.customer_cpf FROM outbox o LEFT JOIN sales s ON s.id = o.sale_id
         WHERE o.status IN (${statuses.map((x) => `'${x}'`).join(', ')}) ORDER BY o.id LIMIT ?`,
      );
    this.q = {
      all: list(OPEN_STATUSES),
      pending: list(['pending', 'sending']),
      retrying: list(['retrying']),
      attention: list(['attention']),
      counts: db.prepare<[], { status: string; n: number }>(`SELECT status, n FROM outbox_counts`),
      sale: db.prepare<[string], { kind: string; status: string; channel: OutboxChannel }>(`SELECT kind, status, channel FROM outbox WHERE sale_id = ?`),
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      setSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  list(status: OutboxFilter | undefined, limit: number): { total: number; rows: OutboxItem[] } {
    const counts = Object.fromEntries(this.q.counts.all().map((r) => [r.status, r.n])) as Record<string, number>;
    const n = (k: string) => counts[k] ?? 0;
    const total = status === undefined ? OPEN_STATUSES.reduce((a, k) => a + n(k), 0) : status === 'pending' ? n('pending') + n('sending') : n(status);
    const rows = this.q[status ?? 'all'].all(limit).map((r) => this.item(r));
    return { total, rows };
  }

  private item(r: ListRow): OutboxItem {
    const row: OutboxRow = fromRow(r);
    const blocked = r.next_attempt_ms === BLOCKED_MS;
    const cpf = r.customer_cpf ?? this.kinds.customerCpf(row.kind, row.payload);
    return {
      id: row.id,
      opId: row.opId,
      kind: row.kind,
      route: this.kinds.label(row.kind),
      channel: row.channel,
      saleId: row.saleId,
      saleNumber: r.document_number !== null && r.document_number !== undefined ? saleNumber({ series: r.series, documentNumber: r.document_number }) : null,
      customer: cpf ? maskCpf(cpf) : null,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: (row.status === 'pending' || row.status === 'retrying') && !blocked ? new Date(r.next_attempt_ms).toISOString() : null,
      waitingPrevious: blocked,
      lastErrorCode: row.lastErrorCode,
      lastError: row.lastError,
      createdAt: row.createdAt,
    };
  }

  /**
   * `bonusPending`: the sale's bonus row (a kind registered as `bonus`) is not delivered AND its partner is not
   * answering for it (its channel is known offline, or an operation of this sale already failed). A bonus about
   * to go out a moment after "Finalizar" with the partner online is not announced as delayed.
   */
  saleState(saleId: string, isOnline: (channel: OutboxChannel) => boolean = () => true): OutboxSaleState {
    const rows = this.q.sale.all(saleId);
    const open = rows.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status));
    const failed = open.some((r) => r.status === 'retrying' || r.status === 'attention');
    return {
      saleId,
      open: open.length,
      attention: open.filter((r) => r.status === 'attention').length,
      bonusPending: open.some((r) => this.kinds.isBonus(r.kind) && (failed || !isOnline(r.channel))),
    };
  }

  keepDays(): number {
    const v = Number(this.q.getSetting.get(KEEP_DAYS_KEY)?.value);
    return Number.isInteger(v) && v >= 1 ? v : DEFAULT_KEEP_DAYS;
  }

  settings(): OutboxSettings {
    return { keepDays: this.keepDays() };
  }

  saveSettings(s: OutboxSettings): OutboxSettings {
    this.q.setSetting.run(KEEP_DAYS_KEY, String(s.keepDays));
    return this.settings();
  }
}
