import { createRetaguardaClient, RetaguardaError, type RetaguardaClient, type TillCredentials } from '../../shared/retaguarda/client';
import { IngestBatch, MAX_BATCH, type SaleRecord, type TillRecord } from '../../shared/retaguarda/records';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { DeliveryOutcome } from '../outbox/types';
import type { OutboxWorker } from '../outbox/worker';
import type { SalesService } from '../sales/service';
import type { RetaguardaPull } from './pull';
import { localNamespace } from './ids';
import { LoyaltyUpdates } from './loyalty';
import { auditRecord, cancellationRecord, saleRecord, shiftRecord } from './records';

export const RETAGUARDA_KIND = 'retaguarda.ingest';
const MARK_SALES = 'retaguarda.salesFrom';
const MARK_CANCEL = 'retaguarda.cancelAfter';
/** How far before the last queued sale a scan looks again (a clock set back a little). */
const MARGIN_MS = 10 * 60_000;
/** Records turned into outbox rows per scan (then the next scan runs at once while there is more). */
const SCAN_LIMIT = 1000;

interface Deps {
  db: Db;
  sales: SalesService;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  /** The current pairing (null = not paired: nothing is queued, queued rows wait). */
  credentials: () => TillCredentials | null;
  log: (line: string) => void;
  /** Scan interval (default 5 s). */
  intervalMs?: number;
  /** The receipt a sale record carries (receipt.ts receiptAsPrinted); none when absent. */
  receipt?: (saleId: string) => SaleRecord['receipt'];
  /** Down: the catalog pull, run at every tick too. */
  pull?: RetaguardaPull;
}

/**
 * The till's side of the Retaguarda: a channel of the ONE outbox. A scan finds finished records not yet
 * queued — finalized sales (also the history of a till used alone before pairing), cancellations, hub answers
 * that came after their sale (loyalty.ts), shifts (when they open, at each suprimento/sangria, and closed with
 * their closing), audit rows — and queues them in batches of ≤ 200 as outbox rows ('retaguarda.ingest', one
 * ordering key: the till's order), marking each record in `retaguarda_queued` in the SAME transaction:
 * every record is queued once, and its UUID (the server's idempotency key) is fixed before the first call.
 * The worker delivers the rows like any partner operation (retry with backoff, "Sincronização", the badge).
 */
export class RetaguardaUploader {
  private timer: NodeJS.Timeout | null = null;
  private readonly ns: string;
  private client: { key: string; api: RetaguardaClient } | null = null;
  private readonly q;
  private readonly loyalty: LoyaltyUpdates;

  constructor(private readonly d: Deps) {
    this.ns = localNamespace(d.db);
    this.loyalty = new LoyaltyUpdates(d.db, this.ns);
    const db = d.db;
    this.q = {
      // From a high-water mark (the last queued sale's finalized_at, less a margin for a clock set back): a scan
      // every few seconds reads the newest sales, not a million old ones.
      sales: db.prepare<[string, number], { id: string; finalized_at: string }>(
        `SELECT s.id, s.finalized_at FROM sales s WHERE s.finalized_at >= ? AND s.status IN ('finalizada', 'cancelada')
           AND NOT EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'sale' AND q.local_ref = s.id)
         ORDER BY s.finalized_at LIMIT ?`,
      ),
      cancellations: db.prepare<[number, number], { sale_id: string; rowid: number }>(
        `SELECT c.sale_id, c.rowid FROM sale_cancellations c WHERE c.rowid > ?
           AND NOT EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'cancellation' AND q.local_ref = c.sale_id)
         ORDER BY c.rowid LIMIT ?`,
      ),
      queued: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM retaguarda_queued WHERE kind = 'sale' AND local_ref = ?`),
      getMark: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setMark: db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      shifts: db.prepare<[number], { id: number }>(
        `SELECT s.id FROM shifts s WHERE s.status = 'fechado'
           AND NOT EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'shift' AND q.local_ref = CAST(s.id AS TEXT))
         ORDER BY s.id LIMIT ?`,
      ),
      // An open shift is sent when it opens and again at each suprimento/sangria (the server keeps the latest
      // state and never goes back from closed): each state is marked once by its movement count.
      openShifts: db.prepare<[number], { id: number; state: string }>(
        `SELECT s.id, 'shift:' || s.id || ':' || (SELECT count(*) FROM shift_movements m WHERE m.shift_id = s.id) AS state
           FROM shifts s WHERE s.status = 'aberto'
           AND NOT EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'shift-state'
                             AND q.record_id = 'shift:' || s.id || ':' || (SELECT count(*) FROM shift_movements m WHERE m.shift_id = s.id))
         ORDER BY s.id LIMIT ?`,
      ),
      audit: db.prepare<[number, number], { id: number }>(`SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`),
      lastAudit: db.prepare<[], { v: number | null }>(`SELECT max(CAST(local_ref AS INTEGER)) AS v FROM retaguarda_queued WHERE kind = 'audit'`),
      mark: db.prepare<[string, string, string]>(`INSERT INTO retaguarda_queued(record_id, kind, local_ref) VALUES (?, ?, ?)`),
    };
  }

  /** The pairing changed ("Conectar"): scan now with it. */
  paired(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), 0);
    this.timer.unref?.();
  }

  private lastPullError = '';

  private tick(): void {
    if (this.d.pull) {
      this.d.pull.pull().then(
        () => (this.lastPullError = ''),
        (err: Error) => {
          if (err.message !== this.lastPullError) this.d.log(`[retaguarda] catálogo: ${err.message}`);
          this.lastPullError = err.message;
        },
      );
    }
    let more = false;
    try {
      more = this.scan() >= SCAN_LIMIT;
    } catch (err) {
      this.d.log(`[retaguarda] falha ao preparar o envio: ${(err as Error).message}`);
    }
    this.timer = setTimeout(() => this.tick(), more ? 0 : (this.d.intervalMs ?? 5000));
    this.timer.unref?.();
  }

  /** Registers the delivery and starts scanning (at once, then every interval). */
  start(): void {
    // The batch is parsed by the server's own contract before it goes (a damaged row goes to a person, not to the server).
    this.d.outbox.worker.register(RETAGUARDA_KIND, { payload: IngestBatch, label: 'Retaguarda: envio de registros', deliver: (row) => this.deliver(row.payload) });
    this.timer = setTimeout(() => this.tick(), 0);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Records queued and not yet accepted by the Retaguarda (Lojas > Caixas shows it as the till's backlog). */
  backlog(): number {
    return this.d.outbox.repo.undeliveredItems(RETAGUARDA_KIND, '$.records');
  }

  /** Queues what is not queued yet (sales, then their cancellations, shifts, audit); returns how many records. */
  scan(): number {
    const creds = this.d.credentials();
    if (!creds) return 0;
    const tillId = creds.tillId;
    const { db } = this.d;
    const queued = db.transaction(() => {
      const records: { record: TillRecord; kind: string; ref: string }[] = [];
      const room = () => SCAN_LIMIT - records.length;
      const salesFrom = this.q.getMark.get(MARK_SALES)?.value ?? '';
      let lastFinalized = '';
      for (const { id, finalized_at } of this.q.sales.all(salesFrom, room())) {
        records.push({ record: saleRecord(db, this.d.sales, this.ns, tillId, id, this.d.receipt?.(id) ?? null), kind: 'sale', ref: id });
        this.q.mark.run(id, 'sale', id); // marked now so the cancellations below see it
        this.loyalty.sentWithSale(id);
        lastFinalized = finalized_at;
      }
      if (lastFinalized) this.q.setMark.run(MARK_SALES, new Date(Date.parse(lastFinalized) - MARGIN_MS).toISOString());
      if (room() > 0) {
        let cancelAfter = Number(this.q.getMark.get(MARK_CANCEL)?.value ?? 0);
        for (const { sale_id, rowid } of this.q.cancellations.all(cancelAfter, room())) {
          if (this.q.queued.get(sale_id)!.n === 0) break; // its sale first (next scan)
          records.push({ record: cancellationRecord(db, this.ns, tillId, sale_id), kind: 'cancellation', ref: sale_id });
          cancelAfter = rowid;
        }
        this.q.setMark.run(MARK_CANCEL, String(cancelAfter));
      }
      // Hub answers (a bonus generated) that came after their sale was queued.
      if (room() > 0) for (const r of this.loyalty.records(tillId, room(), new Date())) records.push({ record: r, kind: 'loyalty', ref: '' });
      if (room() > 0) for (const { id } of this.q.shifts.all(room())) records.push({ record: shiftRecord(db, this.ns, tillId, id), kind: 'shift', ref: String(id) });
      if (room() > 0) {
        for (const { id, state } of this.q.openShifts.all(room())) {
          records.push({ record: shiftRecord(db, this.ns, tillId, id), kind: 'shift-state', ref: String(id) });
          this.q.mark.run(state, 'shift-state', String(id));
        }
      }
      if (room() > 0) {
        const after = this.q.lastAudit.get()?.v ?? 0;
        for (const { id } of this.q.audit.all(after, room())) records.push({ record: auditRecord(db, this.ns, tillId, id), kind: 'audit', ref: String(id) });
      }
      for (const r of records) if (r.kind !== 'sale' && r.kind !== 'shift-state' && r.kind !== 'loyalty') this.q.mark.run(r.record.id, r.kind, r.ref);
      for (let i = 0; i < records.length; i += MAX_BATCH) {
        const batch: IngestBatch = { records: records.slice(i, i + MAX_BATCH).map((r) => r.record) };
        this.d.outbox.repo.enqueue({ kind: RETAGUARDA_KIND, channel: 'retaguarda', orderingKey: 'retaguarda', payload: batch });
      }
      return records.length;
    })();
    if (queued > 0) this.d.outbox.worker.kick();
    return queued;
  }

  private async deliver(batch: IngestBatch): Promise<DeliveryOutcome> {
    const creds = this.d.credentials();
    if (!creds) return { status: 'retry', code: 'nao_pareado', message: 'Caixa sem retaguarda configurada (Configurações > Retaguarda).', retryAfterMs: 60_000 };
    const key = `${creds.url}|${creds.tillId}|${creds.secret}`;
    if (this.client?.key !== key) this.client = { key, api: createRetaguardaClient(creds, { timeoutMs: 30_000 }) };
    try {
      const r = await this.client.api.ingest(batch);
      // Once delivered only the counts stay (the server has the records).
      return { status: 'done', result: { applied: r.applied, duplicates: r.duplicates }, keepPayload: { records: batch.records.length } };
    } catch (err) {
      if (!(err instanceof RetaguardaError)) return { status: 'retry', code: 'erro', message: String((err as Error).message) };
      if (err.status === 0 || err.status >= 500 || err.status === 429) return { status: 'retry', code: err.code, message: err.message };
      // Wrong or revoked credential: keeps trying (with backoff) so it resumes once someone fixes the pairing.
      if (err.credentialProblem) return { status: 'retry', code: err.code, message: `Retaguarda recusou o caixa: ${err.message}`, retryAfterMs: 60_000 };
      return { status: 'attention', code: err.code, message: err.message };
    }
  }
}
