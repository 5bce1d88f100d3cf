import type { HandlerGroup } from '../kernel/handlers';
import type { Db } from '../db/open';
import { dailyReport } from './daily';

/** reports.*: "Relatório do dia". */
export function reportsHandlers(db: Db): HandlerGroup {
  return {
    'reports.daily': ({ from, to, tzOffsetMinutes }) => dailyReport(db, from, to, tzOffsetMinutes),
  };
}
