import type { Operator } from '../../shared/api/sales';
import type { Db } from '../db/open';

/** Operators (cashiers and managers). The current operator is a setting of this register. */
export class OperatorsRepo {
  constructor(private readonly db: Db) {}

  current(): Operator {
    const row = this.db
      .prepare<[], { id: number; name: string }>(
        `SELECT o.id, o.name FROM operators o
         WHERE o.id = coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'operator.current'), 1)`,
      )
      .get();
    return row ?? { id: 1, name: 'Caixa 01' };
  }
}
