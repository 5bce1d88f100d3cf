import type { OutboxFilter, OutboxItem, OutboxSaleState, OutboxSettings } from '../../shared/api/outbox';
import { maskCpf } from '../../shared/cpf';
import { saleNumber } from '../../shared/sale-number';
import type { Db } from '../db/open';
import { fromRow, type OutboxDbRow } from './repo';
import { BLOCKED_MS, OPEN_STATUSES, type OutboxRow } from './types';

const KEEP_DAYS_KEY = 'outbox.keepDays';
export const DEFAULT_KEEP_DAYS = 30;

const PAYMENT_LABELS: Record<string, string> = { cancel: 'Cancelamento PIX', refund: 'Devolução PIX', mismatch: 'Conferência PIX' };

/** "hub.GerarBonus" → "GerarBonus"; "payment.refund" → "Devolução PIX"; "retaguarda.ingest" → "Retaguarda: envio de registros". */
export function routeLabel(kind: string): string {
  const [channel, rest] = kind.includes('.') ? [kind.slice(0, kind.indexOf('.')), kind.slice(kind.indexOf('.') + 1)] : ['', kind];
  if (channel === 'payment') return PAYMENT_LABELS[rest] ?? `Pagamento: ${rest}`;
  if (channel === 'retaguarda') return 'Retaguarda: envio de registros';
  return rest;
}

/** The customer's CPF from the payload a row carries (hub bodies: Cpf, CPF or Venda.Cpf). */
function cpfOf(payload: unknown): string | null {
  const body = (payload as { body?: Record<string, unknown> } | null)?.body ?? (payload as Record<string, unknown> | null);
  if (!body || typeof body !== 'object') return null;
  const venda = body.Venda as Record<string, unknown> | undefined;
  const cpf = body.Cpf ?? body.CPF ?? venda?.Cpf ?? body.cpf;
  return typeof cpf === 'string' && cpf ? cpf : null;
}

type ListRow = OutboxDbRow & { series: string | null; document_number: number | null; customer_cpf: string | null };

/** Reads for the Sincronização screen and the per-sale state (receipt, Minhas vendas). Reads only. */
export class OutboxQuery {
  private readonly q;

  constructor(private readonly db: Db) {
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
      sale: db.prepare<[string], { kind: string; status: string }>(`SELECT kind, status FROM outbox WHERE sale_id = ?`),
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
    const cpf = r.customer_cpf ?? cpfOf(row.payload);
    return {
      id: row.id,
      opId: row.opId,
      kind: row.kind,
      route: routeLabel(row.kind),
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
   * `bonusPending`: the sale's GerarBonus is not delivered AND the hub is not
   * answering for it (the hub is known offline, or an operation of this sale
   * already failed). A bonus about to go out a moment after "Finalizar" with
   * the hub online is not announced as delayed.
   */
  saleState(saleId: string, hubOnline = true): OutboxSaleState {
    const rows = this.q.sale.all(saleId);
    const open = rows.filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status));
    const stuck = !hubOnline || open.some((r) => r.status === 'retrying' || r.status === 'attention');
    return {
      saleId,
      open: open.length,
      attention: open.filter((r) => r.status === 'attention').length,
      bonusPending: stuck && open.some((r) => r.kind === 'hub.GerarBonus'),
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
