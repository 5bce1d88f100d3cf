import { z } from 'zod';
import { Iso, method } from './define';
import { SESSION } from './access';

/** reports.*: "Relatório do dia". Served by core/reports/. */

export const DailyReport = z.object({
  from: z.string(),
  to: z.string(),
  salesCount: z.number().int(),
  totalCents: z.number().int(),
  averageTicketCents: z.number().int(),
  cancelledCount: z.number().int(),
  cancelledCents: z.number().int(),
  itemDiscountCents: z.number().int(),
  saleDiscountCents: z.number().int(),
  redeemedCents: z.number().int(),
  bonusCents: z.number().int(),
  byForm: z.array(z.object({ formCode: z.number().int(), formName: z.string(), count: z.number().int(), totalCents: z.number().int() })),
  /** Card tenders by "Bandeira" (issue 22; tenders without one are "Não informada"): what a store reconciles with its acquirer. */
  byCardBrand: z.array(z.object({ formCode: z.number().int(), brand: z.string(), count: z.number().int(), totalCents: z.number().int() })),
  byOperator: z.array(z.object({ operatorName: z.string(), count: z.number().int(), totalCents: z.number().int() })),
  /** 24 buckets in the local time zone given by `tzOffsetMinutes`. */
  byHour: z.array(z.object({ hour: z.number().int(), count: z.number().int(), totalCents: z.number().int() })),
});
export type DailyReport = z.infer<typeof DailyReport>;

export const reportsApi = {
  'reports.daily': method(
    z.object({ from: Iso, to: Iso, tzOffsetMinutes: z.number().int().min(-840).max(840).default(0) }),
    DailyReport,
    SESSION,
  ),
};
