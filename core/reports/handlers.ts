import type { HandlerGroup } from '../app/dispatch';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import type { ExportService } from '../exports/service';
import type { ShiftService } from '../shifts/service';
import { dailyReport } from './daily';
import { saleDetail } from './detail';
import type { SalesQuery } from './sales-query';

/** `afterShiftClose`: a closed shift ends the session (the next shift starts at the login, as whoever opens it). */
export function backofficeHandlers(deps: {
  db: Db;
  sales: SalesService;
  query: SalesQuery;
  shifts: ShiftService;
  exports: ExportService;
  afterShiftClose?: () => void;
}): HandlerGroup {
  const { db, sales, query, shifts, exports } = deps;
  return {
    'salesQuery.search': ({ filter, after, limit }) => query.search(filter, after, limit),
    'salesQuery.summary': ({ filter }) => query.summary(filter),
    'salesQuery.detail': ({ id }) => saleDetail(db, sales, id),
    'salesQuery.operators': () => db.prepare<[], { id: number; name: string }>(`SELECT id, name FROM operators ORDER BY name`).all(),
    'reports.daily': ({ from, to, tzOffsetMinutes }) => dailyReport(db, from, to, tzOffsetMinutes),
    'shifts.current': () => shifts.current(),
    'shifts.open': ({ floatCents }) => shifts.open(floatCents),
    'shifts.movement': ({ kind, amountCents, reason }) => shifts.movement(kind, amountCents, reason),
    'shifts.closingInfo': () => shifts.closingInfo(),
    'shifts.close': ({ counted, managerPin }) => {
      const shift = shifts.close(counted, managerPin);
      deps.afterShiftClose?.();
      return shift;
    },
    'shifts.get': ({ id }) => shifts.get(id),
    'exports.start': ({ target, format }) => exports.start(target, format),
    'shifts.setTolerance': ({ toleranceCents }) => shifts.setTolerance(toleranceCents),
  };
}
