import { describePayloadIssues, type OutboxKinds } from './kinds';
import type { DeliveryOutcome, OutboxRow } from './types';

/** The code of a row whose stored payload did not parse (the partner never saw it). */
export const INVALID_PAYLOAD = 'outbox.invalidPayload';

/**
 * One delivery attempt of a claimed row: its payload parsed by its kind's schema (Signal's `parseData`), then its
 * kind's delivery. Never throws: no kind, a payload that does not fit (an old or damaged row) → a person
 * ('attention', nothing sent); an unexpected throw → retried later with the same opId.
 */
export async function attempt(
  kinds: OutboxKinds,
  row: OutboxRow,
  readPrevious: (row: OutboxRow) => OutboxRow[],
  log: (line: string) => void,
): Promise<DeliveryOutcome> {
  const spec = kinds.get(row.kind);
  if (!spec) return { status: 'attention', code: 'outbox.noHandler', message: `Sem entrega registrada para ${row.kind}.` };
  const parsed = spec.payload.safeParse(row.payload);
  if (!parsed.success) {
    const issues = describePayloadIssues(parsed.error);
    log(`[outbox] ${row.kind} ${row.opId}: dados guardados fora do formato (${issues})`);
    return {
      status: 'attention',
      code: INVALID_PAYLOAD,
      message: `Dados guardados de ${kinds.label(row.kind)} fora do formato (${issues}): nada foi enviado. Descarte a operação e refaça-a.`,
    };
  }
  try {
    // Earlier rows are read only when a delivery asks (most send the body built at enqueue).
    let previous: OutboxRow[] | null = null;
    const ctx = {
      get previous() {
        return (previous ??= readPrevious(row));
      },
    };
    return await spec.deliver({ ...row, payload: parsed.data, status: 'sending', attempts: row.attempts + 1 }, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`[outbox] ${row.kind} ${row.opId}: falha inesperada: ${message}`);
    return { status: 'retry', code: 'outbox.unexpected', message };
  }
}
