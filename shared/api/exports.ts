import { z } from 'zod';
import { Iso, method } from './define';
import { SESSION } from './access';
import { SalesFilter } from './sales-query';

/** exports.*: CSV/XLSX files of Minhas vendas and the Relatório do dia. Served by core/exports/. */

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
