import { AppError } from '../kernel/errors';
import type { Db } from '../db/types';
import { fromRow } from './repo';
import type { workerStatements } from './statements';
import type { OutboxRow } from './types';

type Statements = ReturnType<typeof workerStatements>;
const DAY_MS = 86_400_000;

/**
 * What a person decides in "Sincronização", as writes: "Reenviar agora" and "Descartar" (the worker logs,
 * probes and delivers around them), and the pruning of old history.
 */

/** "Reenviar agora": one row (retrying or needs-attention) or all of them, due now with the same opId. Returns how many. */
export function resendRows(q: Statements, id: number | undefined, at: Date): number {
  const n = id === undefined ? q.resendAll.run(at.getTime(), at.toISOString()).changes : q.resendOne.run(at.getTime(), at.toISOString(), id).changes;
  if (id !== undefined && n === 0) {
    const row = q.byId.get(id);
    if (!row) throw new AppError('outbox.notFound', 'Operação de sincronização não encontrada.');
    if (row.status === 'sending') throw new AppError('outbox.sending', 'Esta operação está sendo enviada agora.');
    if (row.status === 'done' || row.status === 'discarded') throw new AppError('outbox.closed', 'Esta operação já foi concluída.');
    throw new AppError('outbox.waiting', 'Esta operação aguarda a anterior da mesma venda.');
  }
  return n;
}

/** "Descartar": the partner will never hear about this row; the reason and who decided are kept, the sale's next row goes on. */
export function discardRow(db: Db, q: Statements, id: number, reason: string, by: string, at: Date): OutboxRow {
  const text = reason.trim();
  if (text.length < 3) throw new AppError('outbox.reasonRequired', 'Informe o motivo do descarte (mínimo 3 caracteres).');
  return db.transaction(() => {
    const info = q.discard.run(text, by, at.toISOString(), at.toISOString(), id);
    const r = q.byId.get(id);
    if (!r) throw new AppError('outbox.notFound', 'Operação de sincronização não encontrada.');
    if (info.changes === 0) {
      throw new AppError(
        r.status === 'sending' ? 'outbox.sending' : 'outbox.closed',
        r.status === 'sending' ? 'Esta operação está sendo enviada agora; tente de novo em instantes.' : 'Esta operação já foi concluída.',
      );
    }
    q.release.run(at.getTime(), r.ordering_key);
    return fromRow(r);
  })();
}

/** Deletes delivered/discarded rows older than `days` (never one a later open row of its sale may still read). */
export function pruneHistory(q: Statements, days: number, now: Date): number {
  return q.prune.run(new Date(now.getTime() - days * DAY_MS).toISOString()).changes;
}
