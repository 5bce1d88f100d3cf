import type { HandlerGroup } from '../kernel/handlers';
import type { OutboxQuery } from './query';
import type { OutboxWorker } from './worker';

interface OutboxHandlerDeps {
  worker: OutboxWorker;
  query: OutboxQuery;
  /** Who is at the till (recorded with "Descartar"). */
  operator: () => { id: number; name: string };
}

/**
 * The sync screen's methods. `outbox.resend` and `outbox.discard` are plain
 * methods taking `{ id, reason }` so the users capability can wrap them with
 * manager approval (replace the group entry with a checked one).
 */
export function outboxHandlers(d: OutboxHandlerDeps): HandlerGroup {
  return {
    'outbox.summary': () => d.worker.summary(),
    'outbox.list': ({ status, limit }) => d.query.list(status, limit),
    'outbox.resend': ({ id }) => ({ count: d.worker.resend(id) }),
    'outbox.discard': ({ id, reason }) => {
      const op = d.operator();
      const by = `${op.name} (#${op.id})`;
      d.worker.discard(id, reason, by);
      return { id, status: 'discarded' as const, discardedReason: reason.trim(), discardedBy: by };
    },
    'outbox.saleState': ({ saleId }) => d.query.saleState(saleId, (channel) => d.worker.isOnline(channel)),
    'outbox.getSettings': () => d.query.settings(),
    'outbox.saveSettings': (s) => {
      const saved = d.query.saveSettings(s);
      d.worker.prune();
      return saved;
    },
  };
}
