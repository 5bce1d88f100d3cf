import { durableTransaction } from '../db/durable';
import type { Cancellation, ReversalStatus } from '../../shared/api/cancellation';
import type { Sale } from '../../shared/api/sales';
import type { Approval } from '../../shared/api/users';
import { AppError } from '../kernel/errors';
import type { AuditRepo } from '../audit/repo';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxRow } from '../outbox/types';
import type { OutboxWorker } from '../outbox/worker';
import { installOnce } from '../sales/pipeline';
import type { SalesService } from '../sales/service';
import type { Actor, Authorization, UsersService } from '../users/service';

export interface CancelContext {
  reason: string;
  operator: Actor;
  approver: Actor | null;
  cancelledAt: string;
}

/**
 * A named step of a finished sale's cancellation (loyalty's EstornarVenda, PIX refunds), declared in
 * core/app/pipelines.ts. Run INSIDE the cancellation's transaction: enqueue outbox rows there; throw an
 * AppError to refuse and roll everything back.
 */
export interface CancelStep {
  name: string;
  run(sale: Sale, ctx: CancelContext): void;
}

export interface CancellationDeps {
  db: Db;
  sales: SalesService;
  users: UsersService;
  audit: AuditRepo;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  now: () => Date;
}

interface Row {
  sale_id: string;
  cancelled_at: string;
  operator_name: string;
  approver_name: string | null;
  reason: string;
  reversal_op_id: string | null;
}

export const REVERSAL_KIND = 'hub.EstornarVenda';

/** Communication failures that mean "no connection" rather than a failing partner. */
const OFFLINE_REASONS = /conexão recusada|fora do ar|não foi possível conectar|ENOTFOUND|ECONNREFUSED/i;

/** Cancelling a finished sale: one transaction, then the partners hear about it through the outbox. */
export class CancellationService {
  private steps: readonly CancelStep[] | null = null;
  private readonly q;

  constructor(private readonly deps: CancellationDeps) {
    const db = deps.db;
    this.q = {
      get: db.prepare<[string], Row>(`SELECT * FROM sale_cancellations WHERE sale_id = ?`),
      cancel: db.prepare(`UPDATE sales SET status = 'cancelada', cancelled_at = ? WHERE id = ? AND status = 'finalizada'`),
      insert: db.prepare(
        `INSERT INTO sale_cancellations (sale_id, cancelled_at, operator_id, operator_name, approver_id, approver_name, reason, reversal_op_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      rekick: db.prepare(
        `UPDATE outbox SET status = 'pending', next_attempt_ms = ?, updated_at = ? WHERE op_id = ? AND status IN ('retrying', 'attention')`,
      ),
    };
  }

  /** The cancel pipeline's steps (core/app/pipelines.ts), once: a second call throws. */
  install(steps: readonly CancelStep[]): void {
    this.steps = installOnce(this.steps, steps, 'Cancelamento');
  }

  /**
   * `admitted`: who the dispatcher admitted (a Gerente, or an Operador whose approval for this sale it consumed);
   * without it, `approval` is a Gerente's PIN typed in the cancel dialog, checked here.
   */
  async cancel(saleId: string, reason: string, approval?: Approval, waitMs = 0, admitted?: Authorization | null): Promise<{ sale: Sale; cancellation: Cancellation }> {
    this.assertCancellable(this.deps.sales.get(saleId));
    const auth = approval ? await this.deps.users.approvals.authorizeInline(approval) : (admitted ?? { operator: this.deps.users.requireManagerSession(), approver: null });
    // A cancellation must survive a power cut: its commit is fsync'd (durableTransaction).
    durableTransaction(this.deps.db, () => {
      const sale = this.deps.sales.get(saleId);
      this.assertCancellable(sale);
      const cancelledAt = this.deps.now().toISOString();
      if (this.q.cancel.run(cancelledAt, saleId).changes !== 1) throw new AppError('sale.notCancellable', 'A venda mudou: abra-a de novo.');
      const before = new Set(this.deps.outbox.repo.forSale(saleId).map((r) => r.opId));
      const ctx: CancelContext = { reason, operator: auth.operator, approver: auth.approver, cancelledAt };
      const cancelled: Sale = { ...sale, status: 'cancelada', cancelledAt };
      for (const step of this.steps ?? []) step.run(cancelled, ctx);
      const queued = this.deps.outbox.repo.forSale(saleId).filter((r) => !before.has(r.opId));
      const reversal =
        queued.find((r) => r.kind === REVERSAL_KIND) ??
        this.deps.outbox.repo.forSale(saleId).find((r) => r.kind === REVERSAL_KIND && r.status !== 'discarded') ??
        null;
      this.q.insert.run(saleId, cancelledAt, auth.operator.id, auth.operator.name, auth.approver?.id ?? null, auth.approver?.name ?? null, reason, reversal?.opId ?? null);
      this.deps.audit.append({
        operator: auth.operator,
        approver: auth.approver,
        action: 'venda.cancelar',
        saleId,
        amountCents: sale.totals.netCents,
        reason,
        details: { documentNumber: sale.documentNumber, series: sale.series, outbox: queued.map((r) => ({ kind: r.kind, opId: r.opId })) },
      });
    });
    this.deps.outbox.worker.kick();
    const cancellation = (await this.get(saleId, waitMs))!;
    return { sale: this.deps.sales.get(saleId), cancellation };
  }

  private assertCancellable(sale: Sale): void {
    if (sale.status === 'cancelada') throw new AppError('sale.alreadyCancelled', `A venda nº ${sale.documentNumber ?? '—'} já foi cancelada.`);
    if (sale.status !== 'finalizada') throw new AppError('sale.notCancellable', 'Só uma venda finalizada pode ser cancelada aqui (a venda aberta se cancela com F8).');
  }

  async get(saleId: string, waitMs = 0): Promise<Cancellation | null> {
    const row = this.q.get.get(saleId);
    if (!row) return null;
    if (row.reversal_op_id && waitMs > 0) await this.deps.outbox.worker.waitFor([row.reversal_op_id], waitMs);
    return this.view(row);
  }

  /** "Tentar Novamente": the same row (same GUID) goes again now. */
  async retryReversal(saleId: string, waitMs = 0): Promise<Cancellation> {
    const row = this.q.get.get(saleId);
    if (!row) throw new AppError('sale.notCancelled', 'Esta venda não foi cancelada.');
    if (row.reversal_op_id) {
      const at = this.deps.now();
      this.q.rekick.run(at.getTime(), at.toISOString(), row.reversal_op_id);
      this.deps.outbox.worker.kick();
      if (waitMs > 0) await this.deps.outbox.worker.waitFor([row.reversal_op_id], waitMs);
    }
    return this.view(row);
  }

  private view(row: Row): Cancellation {
    const out = row.reversal_op_id ? this.deps.outbox.repo.byOpId(row.reversal_op_id) : null;
    return {
      saleId: row.sale_id,
      cancelledAt: row.cancelled_at,
      operatorName: row.operator_name,
      approverName: row.approver_name,
      reason: row.reason,
      reversal: reversalStatus(out),
    };
  }
}

export function reversalStatus(row: OutboxRow | null): ReversalStatus {
  const base = { message: null, usedCents: null, generatedCents: null, balanceCents: null, guid: row?.opId ?? null };
  if (!row) return { ...base, state: 'none' };
  switch (row.status) {
    case 'done': {
      const r = (row.result ?? {}) as { reversedUsedCents?: number; reversedGeneratedCents?: number; bonusBalanceCents?: number; message?: string | null };
      return {
        ...base,
        state: 'done',
        message: r.message ?? null,
        usedCents: r.reversedUsedCents ?? null,
        generatedCents: r.reversedGeneratedCents ?? null,
        balanceCents: r.bonusBalanceCents ?? null,
      };
    }
    case 'pending':
    case 'sending':
      return { ...base, state: 'pending' };
    case 'retrying':
      return { ...base, state: OFFLINE_REASONS.test(row.lastError ?? '') ? 'offline' : 'failed', message: row.lastError };
    case 'attention':
      return { ...base, state: 'failed', message: row.lastError };
    case 'discarded':
      return { ...base, state: 'failed', message: `Estorno descartado${row.discardedReason ? `: ${row.discardedReason}` : ''}.` };
  }
}
