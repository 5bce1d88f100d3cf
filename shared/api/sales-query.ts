import { z } from 'zod';
import { Cents, Empty, Iso, method } from './define';
import { SESSION } from './access';
import { PaymentFormCode, Sale, SaleStatus } from './sales';

/** salesQuery.*: "Minhas vendas" (filters, keyset paging, a sale's detail). Served by core/sales-query/. */

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
