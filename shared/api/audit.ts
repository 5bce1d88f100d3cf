import { z } from 'zod';
import { method } from './define';
import { SETTINGS } from './access';

/** audit.*: "Auditoria" (who did what, who approved). Served by core/audit/. */

export const AuditFilter = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  userId: z.number().int().optional(),
  action: z.string().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string().nullable(),
  approverId: z.number().int().nullable(),
  approverName: z.string().nullable(),
  action: z.string(),
  saleId: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  reason: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditApi = {
  'audit.list': method(AuditFilter, z.array(AuditEntry), SETTINGS),
};
