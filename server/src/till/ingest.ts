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
 * Inserts the batch's new sales with their lines and payments (three statements for the whole batch).
 * A sale already on the server (same UUID: a batch sent again after a lost answer, or by another server
 * process) is left as it is: ON CONFLICT DO NOTHING waits for a concurrent insert of the same key and
 * then does nothing, so no duplicate lines either.
 */
async function insertSales(tx: Queryable, till: TillPrincipal, sales: SaleRecord[]): Promise<Set<string>> {
  if (!sales.length) return new Set();
  const col = <T>(f: (s: SaleRecord) => T) => sales.map(f);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO sales (id, store_id, till_id, number, series, status, opened_at, finalized_at, operator_name, shift_id,
       customer_cpf, gross_cents, discount_cents, redemption_cents, surcharge_cents, total_cents, item_count, pay_mask, loyalty, updated_at)
     SELECT u.id, $1, $2, u.number, u.series, 'finalizada', u.opened_at, u.finalized_at, u.op, u.shift_id,
       u.cpf, u.gross, u.disc, u.redemption, u.surcharge, u.total, u.items, u.mask, u.loyalty, clock_timestamp()
     FROM unnest($3::uuid[], $4::int[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::uuid[], $10::text[],
       $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::int[], $17::int[], $18::jsonb[])
       AS u(id, number, series, opened_at, finalized_at, op, shift_id, cpf, gross, disc, redemption, surcharge, total, items, mask, loyalty)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      till.storeId,
      till.tillId,
      col((s) => s.id),
      col((s) => s.number),
      col((s) => s.series),
      col((s) => s.openedAt),
      col((s) => s.finalizedAt),
      col((s) => s.operatorName),
      col((s) => s.shiftId),
      col((s) => s.customerCpf),
      col((s) => s.totals.grossCents),
      col((s) => s.totals.itemDiscountCents + s.totals.saleDiscountCents),
      col((s) => s.totals.redemptionCents),
      col((s) => s.totals.surchargeCents),
      col((s) => s.totals.netCents),
      col((s) => s.lines.reduce((n, l) => n + l.quantity, 0)),
      col((s) => payMask(s.payments.map((p) => p.formCode))),
      col((s) => (s.loyalty ? JSON.stringify(s.loyalty) : null)),
    ],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  if (!fresh.size) return fresh;
  const newSales = sales.filter((s) => fresh.has(s.id));
  const lines = newSales.flatMap((s) => s.lines.map((l, i) => ({ saleId: s.id, no: i + 1, l })));
  await tx.query(
    `INSERT INTO sale_lines (sale_id, line_no, product_code, ean, description, unit, quantity, unit_price_cents, gross_cents,
       discount_cents, surcharge_cents, total_cents)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[],
       $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])`,
    [
      lines.map((x) => x.saleId),
      lines.map((x) => x.no),
      lines.map((x) => x.l.productCode),
      lines.map((x) => x.l.ean),
      lines.map((x) => x.l.description),
      lines.map((x) => x.l.unit),
      lines.map((x) => x.l.quantity),
      lines.map((x) => x.l.unitPriceCents),
      lines.map((x) => x.l.grossCents),
      lines.map((x) => x.l.discountCents),
      lines.map((x) => x.l.surchargeCents),
      lines.map((x) => x.l.netCents),
    ],
  );
  const pays = newSales.flatMap((s) => s.payments.map((p, i) => ({ saleId: s.id, no: i + 1, p })));
  if (pays.length) {
    await tx.query(
      `INSERT INTO sale_payments (sale_id, payment_no, form_code, amount_cents, received_cents, change_cents, reference, pix_status, pix_end_to_end)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[])`,
      [
        pays.map((x) => x.saleId),
        pays.map((x) => x.no),
        pays.map((x) => x.p.formCode),
        pays.map((x) => x.p.amountCents),
        pays.map((x) => x.p.receivedCents),
        pays.map((x) => x.p.changeCents),
        pays.map((x) => x.p.reference),
        pays.map((x) => x.p.pixStatus),
        pays.map((x) => x.p.pixEndToEnd),
      ],
    );
  }
  // A cancellation that arrived before its sale (kept in sale_cancellations) applies now.
  await tx.query(
    `UPDATE sales s SET status = 'cancelada', cancelled_at = c.cancelled_at, updated_at = clock_timestamp()
     FROM sale_cancellations c WHERE c.sale_id = s.id AND s.id = ANY($1::uuid[])`,
    [[...fresh]],
  );
  return fresh;
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
  return db.transaction(async (tx) => {
    // Locks the till's row (per-till order) and gives the transaction its xid before any updated_at stamp
    // (see integration/scope.ts settledMicros).
    await tx.query('UPDATE tills SET last_seen_at = now(), last_record_seq = GREATEST(last_record_seq, $2) WHERE id = $1', [
      till.tillId,
      batch.seq ?? 0,
    ]);
    const sales = batch.records.filter((r): r is SaleRecord => r.kind === 'sale');
    const fresh = await insertSales(tx, till, sales);
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
  });
}
