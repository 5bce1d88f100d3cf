import type { Operator, Sale } from '../../shared/api/sales';
import type { Db } from '../db/open';
import { immediateTransaction } from '../db/durable';
import type { DiscountRule } from './discount-rule';
import { reconcileSaleDiscount } from './discounts';
import type { ChangeKind, ChangeStep } from './pipeline';
import type { OpenState, SaleRow, SaleViews } from './rows';
import type { SaleStatements } from './statements';

export interface OpenSaleDeps {
  db: Db;
  q: SaleStatements;
  views: SaleViews;
  now: () => Date;
  newId: () => string;
  operator: () => Operator;
  /** Discounts re-measured after every change of lines (null: nothing gated). */
  discounts: DiscountRule | null;
}

/**
 * The one open sale: kept in memory as committed (see OpenState), every change run in one transaction
 * with the pipeline's change steps before it, and dropped (re-read next time) when anything fails.
 */
export class OpenSale {
  state: OpenState | null = null;
  /** The pipeline's change steps (core/app/pipelines.ts), in order. */
  steps: readonly ChangeStep[] = [];
  /** data_version as last read by stampNow (inside a transaction: the one its commit leaves). */
  private versionSeen: number | null = null;

  constructor(private readonly deps: OpenSaleDeps) {}

  /**
   * Runs a change to the open sale in one immediate transaction. Changes to
   * lines keep a percent sale discount in step; payments are kept even when
   * they now pass the total (see reconcileSaleDiscount).
   */
  mutate(change: (s: OpenState) => void, linesChanged = true, kind?: ChangeKind): Sale {
    return this.commit(immediateTransaction, () => {
      let s = this.current();
      const k = kind ?? (linesChanged ? 'line' : 'payment');
      if (this.steps.length) {
        const before = this.stampNow();
        for (const step of this.steps) step.run(k, s.row.id);
        if (this.stampNow() !== before) s = this.reload(s.row.id); // a step wrote: read what it wrote
      }
      change(s);
      if (linesChanged) {
        reconcileSaleDiscount(this.deps.q, s);
        this.deps.discounts?.check(s.row, s.lines);
      }
      return this.view(s);
    });
  }

  /**
   * Runs fn in a transaction (`run`), then stamps the in-memory open sale as
   * matching what was committed; on any error it is dropped and re-read next time.
   */
  commit<T>(run: (db: Db, fn: () => T) => T, fn: () => T): T {
    this.versionSeen = null;
    try {
      const out = run(this.deps.db, fn);
      // data_version does not move with this connection's own commits, so the one read inside the
      // transaction (current) still holds: no read transaction of its own after COMMIT, and a
      // commit by another connection right after ours still shows at the next check.
      if (this.state) this.state.stamp = this.versionSeen === null ? this.stampNow() : `${this.deps.q.changes.get()}:${this.versionSeen}`;
      return out;
    } catch (err) {
      this.state = null;
      throw err;
    }
  }

  stampNow(): string {
    this.versionSeen = this.deps.q.dataVersion.get()!;
    return `${this.deps.q.changes.get()}:${this.versionSeen}`;
  }

  /** The open sale (created when there is none), from memory when nothing else wrote since our last commit. */
  current(): OpenState {
    const stamp = this.stampNow();
    if (this.state && this.state.stamp === stamp) return this.state;
    return this.reload((this.deps.q.open.get() ?? this.insertRow()).id);
  }

  /** The in-memory state of sale `id` when nothing else wrote since our last commit. */
  fresh(id: string): OpenState | null {
    return this.state && this.state.row.id === id && this.state.stamp === this.stampNow() ? this.state : null;
  }

  reload(id: string): OpenState {
    const q = this.deps.q;
    this.state = { row: q.byId.get(id)!, lines: q.lines.all(id), payments: q.payments.all(id), stamp: '' };
    return this.state;
  }

  /** A new empty open sale (no lookup for another: sales_one_open allows one). */
  insertRow(): SaleRow {
    const id = this.deps.newId();
    const op = this.deps.operator();
    this.deps.q.insertSale.run(id, this.deps.now().toISOString(), op.id, op.name);
    return this.deps.q.byId.get(id)!;
  }

  view(s: OpenState): Sale {
    return this.deps.views.of(s.row, s.lines, s.payments);
  }
}
