import { z } from 'zod';
import { Cents, Empty, method } from './define';
import { SESSION, SETTINGS } from './access';

/** shifts.*: the shift ("Caixa": abertura, suprimento/sangria, fechamento). Served by core/shifts/. */

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
