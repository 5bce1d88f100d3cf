import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import { saleLoyalty } from './loyalty';
import { derivedUuid } from './ids';
import type { AuditRecord, CancellationRecord, SaleRecord, ShiftRecord } from '../../shared/retaguarda/records';

const PIX_FORMS = new Set([17, 20]);

const iso = (t: string) => new Date(t).toISOString();

export function saleRecord(db: Db, sales: SalesService, ns: string, tillId: string, saleId: string, receipt: SaleRecord['receipt'] = null): SaleRecord {
  const s = sales.get(saleId);
  const extra = db.prepare<[string], { shift_id: number | null }>('SELECT shift_id FROM sales WHERE id = ?').get(saleId);
  const cpf = (s.customerCpf ?? '').replace(/\D/g, '');
  return {
    kind: 'sale',
    id: s.id,
    tillId,
    number: s.documentNumber,
    series: s.series,
    openedAt: iso(s.openedAt),
    finalizedAt: iso(s.finalizedAt!),
    operatorName: s.operator.name,
    shiftId: extra?.shift_id != null ? derivedUuid(ns, 'shift', extra.shift_id) : null,
    customerCpf: cpf.length === 11 ? cpf : null,
    totals: {
      grossCents: s.totals.grossCents,
      itemDiscountCents: s.totals.itemDiscountCents,
      saleDiscountCents: s.totals.saleDiscountCents,
      redemptionCents: s.totals.redemptionCents,
      surchargeCents: s.totals.surchargeCents,
      netCents: s.totals.netCents,
    },
    lines: s.lines.map((l) => ({
      order: l.order,
      productCode: l.productCode,
      ean: l.ean,
      description: l.description,
      unit: l.unit,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      grossCents: l.grossCents,
      discountCents: l.discountCents,
      surchargeCents: l.surchargeCents,
      netCents: l.netCents,
    })),
    payments: s.payments.map((p) => ({
      formCode: p.formCode,
      amountCents: p.amountCents,
      receivedCents: p.receivedCents,
      changeCents: p.changeCents,
      reference: p.reference,
      // A PIX payment is recorded only once APROVADO, with its end-to-end id as the reference.
      pixStatus: PIX_FORMS.has(p.formCode) ? 'APROVADO' : null,
      pixEndToEnd: PIX_FORMS.has(p.formCode) ? p.reference : null,
      card: p.card ? { brand: p.card.brand, installments: p.card.installments, nsu: p.card.nsu, authorization: p.card.authorization } : null,
    })),
    receipt,
    loyalty: saleLoyalty(db, s.id, s.totals.redemptionCents, new Date()),
  };
}

export function cancellationRecord(db: Db, ns: string, tillId: string, saleId: string): CancellationRecord {
  const c = db
    .prepare<[string], { cancelled_at: string; operator_name: string; approver_name: string | null; reason: string }>(
      'SELECT cancelled_at, operator_name, approver_name, reason FROM sale_cancellations WHERE sale_id = ?',
    )
    .get(saleId)!;
  return {
    kind: 'cancellation',
    id: derivedUuid(ns, 'cancellation', saleId),
    tillId,
    saleId,
    cancelledAt: iso(c.cancelled_at),
    reason: c.reason.slice(0, 500),
    cancelledBy: c.operator_name,
    approvedBy: c.approver_name,
  };
}

export function shiftRecord(db: Db, ns: string, tillId: string, shiftId: number): ShiftRecord {
  const s = db
    .prepare<[number], { opened_at: string; opened_by_name: string; float_cents: number; closed_at: string | null; closed_by_name: string | null; closing_json: string | null }>(
      'SELECT opened_at, opened_by_name, float_cents, closed_at, closed_by_name, closing_json FROM shifts WHERE id = ?',
    )
    .get(shiftId)!;
  const movements = db
    .prepare<[number], { id: number; kind: 'suprimento' | 'sangria'; amount_cents: number; reason: string; operator_name: string; created_at: string }>(
      'SELECT id, kind, amount_cents, reason, operator_name, created_at FROM shift_movements WHERE shift_id = ? ORDER BY id',
    )
    .all(shiftId);
  return {
    kind: 'shift',
    id: derivedUuid(ns, 'shift', shiftId),
    tillId,
    openedAt: iso(s.opened_at),
    openedBy: s.opened_by_name,
    openingFloatCents: s.float_cents,
    closedAt: s.closed_at ? iso(s.closed_at) : null,
    closedBy: s.closed_by_name,
    closing: s.closing_json ? JSON.parse(s.closing_json) : null,
    movements: movements.map((m) => ({
      id: derivedUuid(ns, 'movement', m.id),
      kind: m.kind,
      amountCents: m.amount_cents,
      reason: m.reason.slice(0, 500),
      at: iso(m.created_at),
      by: m.operator_name,
    })),
  };
}

export function auditRecord(db: Db, ns: string, tillId: string, auditId: number): AuditRecord {
  const a = db
    .prepare<[number], { at: string; operator_name: string | null; approver_name: string | null; action: string; sale_id: string | null; amount_cents: number | null; reason: string | null; details_json: string | null }>(
      'SELECT at, operator_name, approver_name, action, sale_id, amount_cents, reason, details_json FROM audit_log WHERE id = ?',
    )
    .get(auditId)!;
  const details: Record<string, unknown> = a.details_json ? { ...JSON.parse(a.details_json) } : {};
  if (a.sale_id) details.saleId = a.sale_id;
  if (a.amount_cents !== null) details.amountCents = a.amount_cents;
  if (a.reason) details.reason = a.reason;
  return {
    kind: 'audit',
    id: derivedUuid(ns, 'audit', auditId),
    tillId,
    at: iso(a.at),
    action: a.action.slice(0, 60),
    actor: (a.operator_name ?? 'sistema').slice(0, 100),
    approver: a.approver_name,
    details,
  };
}
