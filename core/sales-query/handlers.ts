import type { HandlerGroup } from '../kernel/handlers';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import { saleDetail } from './detail';
import type { SalesQuery } from './query';

/** salesQuery.*: "Minhas vendas" (search, totals, a sale's detail, the operator filter). */
export function salesQueryHandlers(db: Db, sales: SalesService, query: SalesQuery): HandlerGroup {
  return {
    'salesQuery.search': ({ filter, after, limit }) => query.search(filter, after, limit),
    'salesQuery.summary': ({ filter }) => query.summary(filter),
    'salesQuery.detail': ({ id }) => saleDetail(db, sales, id),
    'salesQuery.operators': () => db.prepare<[], { id: number; name: string }>(`SELECT id, name FROM operators ORDER BY name`).all(),
  };
}
