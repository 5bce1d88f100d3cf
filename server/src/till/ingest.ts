import type { CancellationRecord, IngestBatch, IngestResult, LoyaltyRecord, SaleRecord, ShiftRecord, AuditRecord } from '../../../shared/retaguarda/records';
import type { Queryable, Db } from '../db/db';
import { badRequest } from '../errors';
import { insertReceipts } from './receipts';
import type { TillPrincipal } from '../http/routes';

type Status = 'aplicado' | 'duplicado';

/** Bit per payment form (as the till's sales.pay_mask): the panel filters sales by form without a join. */
export function payMask(formCodes: number[]): number {
  let mask = 0;
  for (const c of formCodes) mask |= 1 << c % 31;
  return mask;
}

/**
 * The till's row locked and the batch's new sales inserted with their lines and payments, in ONE statement
 * (migration 002's ingest_sales: one round trip whatever the batch size). A sale already on the server (same
 * UUID: a batch sent again after a lost answer, or by another server process) is left as it is: ON CONFLICT
 * DO NOTHING waits for a concurrent insert of the same key and then does nothing, so no duplicate lines
 * either. Returns the UUIDs inserted now.
 */
async function insertSales(tx: Queryable, till: TillPrincipal, seq: number, sales: SaleRecord[]): Promise<Set<string>> {
  const rows = sales.map((s) => ({
    ...s,
    receipt: undefined, // stored by insertReceipts (sale_receipts), not by ingest_sales
    items: s.lines.reduce((n, l) => n + l.quantity, 0),
    mask: payMask(s.payments.map((p) => p.formCode)),
  }));
  const [{ fresh }] = await tx.query<{ fresh: string[] }>('SELECT ingest_sales($1, $2, $3, $4::jsonb) AS fresh', [
    till.tillId,
    till.storeId,
    seq,
    JSON.stringify(rows),
  ]);
  // Card details of the payments just inserted (migration 015), when the batch has any.
  if (fresh.length && sales.some((s) => s.payments.some((p) => p.card))) {
    await tx.query(
      `INSERT INTO sale_payment_cards (sale_id, payment_no, brand, installments, nsu, authorization_code)
       SELECT u.id, p.no, p.j->'card'->>'brand', (p.j->'card'->>'installments')::integer, p.j->'card'->>'nsu', p.j->'card'->>'authorization'
         FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, payments jsonb)
         CROSS JOIN LATERAL jsonb_array_elements(u.payments) WITH ORDINALITY AS p(j, no)
        WHERE u.id = ANY($2::uuid[]) AND jsonb_typeof(p.j->'card') = 'object'`,
      [JSON.stringify(sales.map((s) => ({ id: s.id, payments: s.payments }))), fresh],
    );
  }
  return new Set(fresh);
}

async function applyCancellation(tx: Queryable, till: TillPrincipal, c: CancellationRecord): Promise<Status> {
  const rows = await tx.query(
    `INSERT INTO sale_cancellations (id, sale_id, till_id, cancelled_at, reason, cancelled_by, approved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [c.id, c.saleId, till.tillId, c.cancelledAt, c.reason, c.cancelledBy, c.approvedBy],
  );
  if (!rows.length) return 'duplicado';
  await tx.query(
    `UPDATE sales SET status = 'cancelada', cancelled_at = $2, updated_at = clock_timestamp() WHERE id = $1 AND store_id = $3 AND status = 'finalizada'`,
    [c.saleId, c.cancelledAt, till.storeId],
  );
  return 'aplicado';
}

/** A shift is sent when it opens, at each movement and when it closes: a later state replaces an earlier one. */
async function applyShift(tx: Queryable, till: TillPrincipal, s: ShiftRecord): Promise<Status> {
  const rows = await tx.query(
    `INSERT INTO shifts (id, store_id, till_id, opened_at, opened_by, opening_float_cents, closed_at, closed_by, closing, movements, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp())
     ON CONFLICT (id) DO UPDATE SET closed_at = excluded.closed_at, closed_by = excluded.closed_by, closing = excluded.closing,
       movements = excluded.movements, updated_at = clock_timestamp()
     WHERE shifts.till_id = excluded.till_id AND shifts.closed_at IS NULL
       AND (excluded.closed_at IS NOT NULL OR jsonb_array_length(excluded.movements) > jsonb_array_length(shifts.movements))
     RETURNING id`,
    [
      s.id,
      till.storeId,
      till.tillId,
      s.openedAt,
      s.openedBy,
      s.openingFloatCents,
      s.closedAt,
      s.closedBy,
      s.closing ? JSON.stringify(s.closing) : null,
      JSON.stringify(s.movements),
    ],
  );
  return rows.length ? 'aplicado' : 'duplicado';
}

async function applyAudit(tx: Queryable, till: TillPrincipal, a: AuditRecord): Promise<Status> {
  const rows = await tx.query(
    `INSERT INTO audit_rows (id, store_id, till_id, at, action, actor, approver, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
    [a.id, till.storeId, till.tillId, a.at, a.action, a.actor, a.approver, JSON.stringify(a.details)],
  );
  return rows.length ? 'aplicado' : 'duplicado';
}

/**
 * A hub answer that came after the sale: the sale's whole loyalty state replaces the one it had, when newer
 * (`asOf`); the same record again (or an older state) changes nothing. The till sends it after its sale.
 */
async function applyLoyalty(tx: Queryable, till: TillPrincipal, r: LoyaltyRecord): Promise<Status> {
  const rows = await tx.query(
    `UPDATE sales SET loyalty = $3::jsonb, updated_at = clock_timestamp()
      WHERE id = $1 AND till_id = $2
        AND (loyalty IS NULL OR loyalty->>'asOf' IS NULL OR (loyalty->>'asOf')::timestamptz < $4::timestamptz)
      RETURNING id`,
    [r.saleId, till.tillId, JSON.stringify(r.loyalty), r.loyalty.asOf],
  );
  return rows.length ? 'aplicado' : 'duplicado';
}

/**
 * One batch, one transaction. The till's row is locked first, so batches of one till are applied one
 * at a time in the order they arrive even across server processes (per-till order); records are applied
 * idempotently by their UUIDs. Sales first (a cancellation in the same batch then finds its sale).
 */
export async function ingest(db: Db, till: TillPrincipal, batch: IngestBatch): Promise<IngestResult> {
  const seen = new Set<string>();
  for (const r of batch.records) {
    if (r.tillId !== till.tillId) throw badRequest(`O registro ${r.id} é de outro caixa (${r.tillId}).`);
    if (seen.has(r.id)) throw badRequest(`O registro ${r.id} aparece duas vezes no lote.`);
    seen.add(r.id);
  }
  const sales = batch.records.filter((r): r is SaleRecord => r.kind === 'sale');
  const apply = async (tx: Queryable): Promise<IngestResult> => {
    const fresh = await insertSales(tx, till, batch.seq ?? 0, sales);
    await insertReceipts(tx, sales, fresh);
    const status = new Map<string, Status>();
    for (const s of sales) status.set(s.id, fresh.has(s.id) ? 'aplicado' : 'duplicado');
    for (const r of batch.records) {
      if (r.kind === 'cancellation') status.set(r.id, await applyCancellation(tx, till, r));
      else if (r.kind === 'shift') status.set(r.id, await applyShift(tx, till, r));
      else if (r.kind === 'audit') status.set(r.id, await applyAudit(tx, till, r));
      else if (r.kind === 'loyalty') status.set(r.id, await applyLoyalty(tx, till, r));
    }
    const results = batch.records.map((r) => ({ id: r.id, status: status.get(r.id) as Status }));
    const applied = results.filter((r) => r.status === 'aplicado').length;
    return { applied, duplicates: results.length - applied, results };
  };
  // Sales only (the common batch): the one statement is its own transaction, no BEGIN/COMMIT round trips —
  // unless they carry receipts (a second statement, panel's "receipt as printed": then one transaction).
  return sales.length === batch.records.length && !sales.some((s) => s.receipt) ? apply(db) : db.transaction(apply);
}
