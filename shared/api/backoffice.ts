import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS } from './access';
import { PaymentFormCode, Sale, SaleStatus } from './sales';

/**
 * Back office: Minhas vendas (filters, keyset paging, detail), the shift (caixa),
 * the daily report and exports.
 */

const Cents = z.number().int().min(0).max(100_000_000_00);
const Iso = z.string().min(10).max(40);

/** "Status" filter: Finalizada, Cancelada, Pré-venda (a sale not finalized yet). */
export const SalesStatusFilter = z.enum(['finalizada', 'cancelada', 'prevenda']);
/** "Fidelidade" filter: bonus generated, bonus pending delivery, reversal pending delivery. */
export const LoyaltyFilter = z.enum(['bonus', 'bonusPending', 'reversalPending']);

export const SalesFilter = z.object({
  /** Period on the finalization time: from (inclusive) .. to (exclusive), ISO instants. */
  from: Iso.optional(),
  to: Iso.optional(),
  status: SalesStatusFilter.optional(),
  minCents: Cents.optional(),
  maxCents: Cents.optional(),
  formCode: PaymentFormCode.optional(),
  cpf: z.string().regex(/^\d{11}$/, 'CPF deve ter 11 dígitos').optional(),
  number: z.number().int().min(1).optional(),
  operatorId: z.number().int().optional(),
  loyalty: LoyaltyFilter.optional(),
});
export type SalesFilter = z.infer<typeof SalesFilter>;

/** Keyset cursor: the last row's time and rowid (stable across inserts). */
export const SalesCursor = z.object({ at: z.string(), rowid: z.number().int() });
export type SalesCursor = z.infer<typeof SalesCursor>;

export const SalesRow = z.object({
  id: z.string(),
  rowid: z.number().int(),
  status: SaleStatus,
  documentNumber: z.number().int().nullable(),
  series: z.string().nullable(),
  at: z.string(),
  operatorName: z.string(),
  customerCpfMasked: z.string().nullable(),
  netCents: z.number().int(),
  itemCount: z.number().int(),
  formNames: z.array(z.string()),
});
export type SalesRow = z.infer<typeof SalesRow>;

export const LoyaltyEffect = z.object({
  kind: z.string(),
  label: z.string(),
  status: z.string(),
  opId: z.string(),
  bonusCents: z.number().int().nullable(),
  reversedUsedCents: z.number().int().nullable(),
  reversedBonusCents: z.number().int().nullable(),
  balanceCents: z.number().int().nullable(),
  campaign: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type LoyaltyEffect = z.infer<typeof LoyaltyEffect>;

export const SaleDetail = z.object({
  sale: Sale,
  customerCpfMasked: z.string().nullable(),
  shiftId: z.number().int().nullable(),
  loyalty: z.array(LoyaltyEffect),
  prints: z.array(
    z.object({ id: z.number().int(), kind: z.string(), title: z.string(), status: z.string(), createdAt: z.string(), printedAt: z.string().nullable() }),
  ),
  sync: z.object({ pending: z.number().int(), attention: z.number().int(), done: z.number().int() }),
});
export type SaleDetail = z.infer<typeof SaleDetail>;

// ---- shift -------------------------------------------------------------------

export const ShiftMovement = z.object({
  id: z.number().int(),
  kind: z.enum(['suprimento', 'sangria']),
  amountCents: z.number().int(),
  reason: z.string(),
  operatorName: z.string(),
  createdAt: z.string(),
});
export type ShiftMovement = z.infer<typeof ShiftMovement>;

export const ShiftFormLine = z.object({
  formCode: z.number().int(),
  formName: z.string(),
  expectedCents: z.number().int(),
  countedCents: z.number().int(),
  differenceCents: z.number().int(),
});
export type ShiftFormLine = z.infer<typeof ShiftFormLine>;

export const Shift = z.object({
  id: z.number().int(),
  status: z.enum(['aberto', 'fechado']),
  openedAt: z.string(),
  openedBy: z.string(),
  floatCents: z.number().int(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  movements: z.array(ShiftMovement),
  salesCount: z.number().int(),
  /** After closing only: expected vs counted per form (blind count: never shown before closing). */
  closing: z.array(ShiftFormLine).nullable(),
  differenceCents: z.number().int().nullable(),
  approvedBy: z.string().nullable(),
});
export type Shift = z.infer<typeof Shift>;

export const shiftsApi = {
  /** The open shift (resumed after a crash), or null. */
  'shifts.current': method(Empty, Shift.nullable(), SESSION),
  /** "Abertura de caixa": "Fundo de troco". */
  'shifts.open': method(z.object({ floatCents: Cents }), Shift, SESSION),
  /** "Suprimento" / "Sangria": amount + reason; prints a slip. */
  'shifts.movement': method(
    z.object({ kind: z.enum(['suprimento', 'sangria']), amountCents: Cents.refine((v) => v > 0, 'Informe um valor maior que zero'), reason: z.string().trim().min(2, 'Informe o motivo').max(120) }),
    Shift,
    SESSION,
  ),
  /** What the closing screen needs before the blind count: forms to count, pending sync, tolerance. */
  'shifts.closingInfo': method(
    Empty,
    z.object({
      forms: z.array(z.object({ formCode: z.number().int(), formName: z.string() })),
      pendingSync: z.number().int(),
      toleranceCents: z.number().int(),
      approvalAvailable: z.boolean(),
    }),
    SESSION,
  ),
  /** "Fechamento de caixa": blind count per form; above the tolerance a manager's PIN is needed. */
  'shifts.close': method(
    z.object({
      counted: z.array(z.object({ formCode: z.number().int(), countedCents: Cents })),
      managerPin: z.string().max(20).optional(),
    }),
    Shift,
    SESSION,
  ),
  'shifts.get': method(z.object({ id: z.number().int() }), Shift, SESSION),
  'shifts.setTolerance': method(z.object({ toleranceCents: Cents }), z.object({ toleranceCents: z.number().int() }), SETTINGS),
};

// ---- Minhas vendas ------------------------------------------------------------

export const salesQueryApi = {
  'salesQuery.search': method(
    z.object({ filter: SalesFilter, after: SalesCursor.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    z.object({ rows: z.array(SalesRow), next: SalesCursor.nullable() }),
    SESSION,
  ),
  /** totalCents leaves cancelled sales out (as "Relatório do dia"); they are counted and summed apart. */
  'salesQuery.summary': method(
    z.object({ filter: SalesFilter }),
    z.object({ count: z.number().int(), totalCents: z.number().int(), cancelledCount: z.number().int(), cancelledCents: z.number().int() }),
    SESSION,
  ),
  'salesQuery.detail': method(z.object({ id: z.string() }), SaleDetail, SESSION),
  'salesQuery.operators': method(Empty, z.array(z.object({ id: z.number().int(), name: z.string() })), SESSION),
};

// ---- report -------------------------------------------------------------------

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


// ---- exports --------------------------------------------------------------------

export const ExportTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sales'), filter: SalesFilter }),
  z.object({ kind: z.literal('report'), from: Iso, to: Iso, tzOffsetMinutes: z.number().int().min(-840).max(840).default(0) }),
]);
export type ExportTarget = z.infer<typeof ExportTarget>;
export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const exportsApi = {
  /**
   * Writes the file (streaming, progress on 'exports.progress') and returns its id: the browser host serves it at
   * GET /exports/<id>?token=…, Electron at app://balcao/exports/<id> (save dialog).
   */
  'exports.start': method(
    z.object({ target: ExportTarget, format: ExportFormat }),
    z.object({ id: z.string(), fileName: z.string(), rows: z.number().int(), sales: z.number().int() }),
    SESSION,
  ),
};

export const exportsEvents = {
  'exports.progress': z.object({ id: z.string(), done: z.number().int(), total: z.number().int() }),
};

export const backofficeApi = { ...shiftsApi, ...salesQueryApi, ...reportsApi, ...exportsApi };
