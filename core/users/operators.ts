import type { Statement } from 'better-sqlite3';
import type { Operator } from '../../shared/api/sales';
import type { Db } from '../db/open';

/** Operators (cashiers and managers). The current operator is a setting of this register. */
export class OperatorsRepo {
  // Prepared once: every finalize asks for the operator of the next open sale (parsing it each time cost more than the read).
  private readonly currentRow: Statement<[], { id: number; name: string }>;

  constructor(db: Db) {
    this.currentRow = db.prepare(
      `SELECT o.id, o.name FROM operators o
       WHERE o.id = coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'operator.current'), 1)`,
    );
  }

  current(): Operator {
    return this.currentRow.get() ?? { id: 1, name: 'Caixa 01' };
  }
}
