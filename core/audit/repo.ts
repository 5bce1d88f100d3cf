import type { AuditEntry, AuditFilter } from '../../shared/api/audit';
import type { Db } from '../db/open';

export interface AuditInput {
  operator: { id: number; name: string } | null;
  approver?: { id: number; name: string } | null;
  action: string;
  saleId?: string | null;
  amountCents?: number | null;
  reason?: string | null;
  details?: unknown;
}

interface Row {
  id: number;
  at: string;
  operator_id: number | null;
  operator_name: string | null;
  approver_id: number | null;
  approver_name: string | null;
  action: string;
  sale_id: string | null;
  amount_cents: number | null;
  reason: string | null;
  details_json: string | null;
}

/**
 * The append-only audit log (SQLite triggers refuse UPDATE and DELETE).
 * `append` joins the caller's transaction: call it inside the transaction of
 * the action it records.
 */
export class AuditRepo {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, operator_id, operator_name, approver_id, approver_name, action, sale_id, amount_cents, reason, details_json)
       VALUES (@at, @operatorId, @operatorName, @approverId, @approverName, @action, @saleId, @amountCents, @reason, @details)`,
    );
  }

  append(e: AuditInput): number {
    const info = this.insert.run({
      at: this.now().toISOString(),
      operatorId: e.operator?.id ?? null,
      operatorName: e.operator?.name ?? null,
      approverId: e.approver?.id ?? null,
      approverName: e.approver?.name ?? null,
      action: e.action,
      saleId: e.saleId ?? null,
      amountCents: e.amountCents ?? null,
      reason: e.reason ?? null,
      details: e.details === undefined ? null : JSON.stringify(e.details),
    });
    return Number(info.lastInsertRowid);
  }

  list(f: AuditFilter): AuditEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.from) {
      where.push('at >= ?');
      args.push(f.from);
    }
    if (f.to) {
      where.push('at < ?');
      args.push(f.to);
    }
    if (f.userId !== undefined) {
      where.push('(operator_id = ? OR approver_id = ?)');
      args.push(f.userId, f.userId);
    }
    if (f.action) {
      where.push('action = ?');
      args.push(f.action);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
    return this.db
      .prepare<(string | number)[], Row>(sql)
      .all(...args, f.limit ?? 200)
      .map((r) => ({
        id: r.id,
        at: r.at,
        operatorId: r.operator_id,
        operatorName: r.operator_name,
        approverId: r.approver_id,
        approverName: r.approver_name,
        action: r.action,
        saleId: r.sale_id,
        amountCents: r.amount_cents,
        reason: r.reason,
        details: r.details_json === null ? null : (JSON.parse(r.details_json) as unknown),
      }));
  }
}
