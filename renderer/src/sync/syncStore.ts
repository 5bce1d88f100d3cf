import { create } from 'zustand';
import type { OutboxSummary } from '../../../shared/api/outbox';
import { call, getBridge } from '../bridge';

interface SyncState {
  summary: OutboxSummary | null;
  started: boolean;
  /** Subscribes once to `outbox.changed` (pushed by the core, coalesced) and reads the summary once. Never polls. */
  start(): void;
  refresh(): Promise<void>;
}

export const useSync = create<SyncState>((set, get) => ({
  summary: null,
  started: false,
  start() {
    if (get().started) return;
    set({ started: true });
    getBridge().on('outbox.changed', (summary) => set({ summary }));
    void get().refresh();
  },
  async refresh() {
    const r = await call('outbox.summary', {});
    if (r.ok) set({ summary: r.value });
  },
}));

/** Operations still to deliver (not counting those waiting for a person). */
export function pendingOf(s: OutboxSummary | null): number {
  return s ? s.pending + s.sending + s.retrying : 0;
}

export function hubState(s: OutboxSummary | null) {
  return s?.channels.find((c) => c.channel === 'hub') ?? { channel: 'hub' as const, online: true, lastError: null, lastErrorAt: null };
}

/** The store server's channel (issue 23): shown only once it has failed, so an unpaired till shows nothing. */
export function retaguardaState(s: OutboxSummary | null) {
  return s?.channels.find((c) => c.channel === 'retaguarda') ?? null;
}
