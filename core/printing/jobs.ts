import type { PrintJob, PrintJobKind, PrintJobStatus } from '../../shared/api/printing';

/** A row of print_jobs: the exact bytes of a receipt and where its delivery stands. */
export interface JobRow {
  id: number;
  kind: PrintJobKind;
  sale_id: string | null;
  title: string;
  bytes: Buffer;
  status: PrintJobStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

/** A row as the screen sees it (no bytes). */
export const toJob = (r: JobRow): PrintJob => ({
  id: r.id,
  kind: r.kind,
  saleId: r.sale_id,
  title: r.title,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  printedAt: r.printed_at,
  nextAttemptAt: r.next_attempt_at,
});
