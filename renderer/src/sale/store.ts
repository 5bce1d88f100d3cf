import { create } from 'zustand';
import type { Input, MethodName, Output, Result } from '../../../shared/api';
import type { Sale } from '../../../shared/api/sales';
import { call } from '../bridge';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** Date.now() when shown: a good scan typed after it clears a scan error. */
  at: number;
}


export interface Finalized {
  id: string;
  number: number | null;
  series: string | null;
  changeCents: number;
  netCents: number;
}

interface SaleState {
  sale: Sale | null;
  /** Line under the cursor (arrow keys); null = none. */
  selectedLineId: number | null;
  notice: Notice | null;
  /** The last finalized sale, shown until the next item is scanned. */
  finalized: Finalized | null;
  /** Scans typed but not answered yet (burst of a barcode scanner). */
  pending: number;
  /**
   * A scan refused as too large ('line.needsConfirmation'): the same text sent again confirms it.
   * `seq` changes each time, so the screen puts the text back in "Código ou EAN" for Enter again.
   */
  confirmScan: { text: string; seq: number } | null;
  ready: boolean;

  load(): Promise<void>;
  /** Re-reads the open sale from the core (a PIX approved while no one looked), keeping the selection. */
  refresh(): Promise<void>;
  /** Queues what the cashier/scanner typed; processed one at a time, in order. */
  enqueueScan(text: string): void;
  select(lineId: number | null): void;
  moveSelection(delta: number): void;
  clearNotice(): void;
  /** Shows a message to the cashier (errors are announced, role=alert). */
  notify(text: string, kind?: Notice['kind']): void;
  /**
   * Runs a change to the open sale after every queued change before it, and
   * stores the returned sale. Returns the Result so dialogs can show errors.
   */
  mutate<M extends SaleMethod>(method: M, input: Input<M>): Promise<Result<Sale>>;
  /** `withoutPayment`: the cashier confirmed a R$ 0,00 sale (recorded as "Sem Pagamento"). */
  finalize(withoutPayment?: boolean): Promise<Result<Output<'sales.finalize'>>>;
  /** Resolves once every queued scan/change so far has been answered. */
  settled(): Promise<void>;
}

type SaleMethod = {
  [M in MethodName]: Output<M> extends Sale ? (Sale extends Output<M> ? M : never) : never;
}[MethodName];

/** One change to the sale at a time, in the order they were asked. */
let chain: Promise<unknown> = Promise.resolve();
let inFlight = 0;
function serial<T>(fn: () => Promise<T>): Promise<T> {
  inFlight++;
  const p = chain.then(fn).finally(() => inFlight--);
  chain = p.catch(() => undefined);
  return p;
}

/** True while a scan or change to the sale is queued or waiting for the core. */
export function saleBusy(): boolean {
  return inFlight > 0;
}

function lastLineId(sale: Sale): number | null {
  return sale.lines.length ? sale.lines[sale.lines.length - 1].id : null;
}

export const useSale = create<SaleState>((set, get) => {
  /** Keeps the selection on an existing line after the sale changed. */
  const apply = (sale: Sale, selectLast = false) => {
    const sel = get().selectedLineId;
    const keep = !selectLast && sel !== null && sale.lines.some((l) => l.id === sel);
    set({ sale, selectedLineId: keep ? sel : lastLineId(sale) });
  };

  return {
    sale: null,
    selectedLineId: null,
    notice: null,
    finalized: null,
    pending: 0,
    confirmScan: null,
    ready: false,

    load: () =>
      serial(async () => {
        const r = await call('sales.current', {});
        if (r.ok) {
          apply(r.value, true);
          // After a reload the post-sale box comes back until the next item is scanned (kept core-side).
          const last = await call('sales.lastFinalized', {});
          if (last.ok && last.value) set({ finalized: last.value });
          set({ ready: true });
        } else {
          set({ notice: { kind: 'error', text: r.error.message, at: Date.now() } });
        }
      }),

    refresh: () =>
      serial(async () => {
        const r = await call('sales.current', {});
        if (r.ok) apply(r.value);
      }),

    enqueueScan: (text) => {
      const trimmed = text.trim();
      if (!trimmed) return;
      const typedAt = Date.now();
      set((s) => ({ pending: s.pending + 1 }));
      void serial(async () => {
        const confirmLarge = get().confirmScan?.text === trimmed;
        if (get().confirmScan) set({ confirmScan: null });
        const r = await call('sales.scan', confirmLarge ? { text: trimmed, confirmLarge } : { text: trimmed });
        if (!r.ok && r.error.code === 'line.needsConfirmation') {
          set((s) => ({
            pending: s.pending - 1,
            confirmScan: { text: trimmed, seq: (s.confirmScan?.seq ?? 0) + 1 },
            notice: { kind: 'error', text: r.error.message, at: Date.now() },
          }));
        } else if (r.ok) {
          apply(r.value, true);
          // A good scan typed after the message was on screen clears it (the cashier saw "Código inválido…" and
          // scanned again: a red line left there invites a second scan of the same item). A message that came
          // back after this scan was typed (a scanner's burst) is newer than it and stays.
          set((s) => ({
            pending: s.pending - 1,
            finalized: null,
            notice: s.notice && s.notice.at > typedAt ? s.notice : null,
          }));
        } else {
          set((s) => ({ pending: s.pending - 1, notice: { kind: 'error', text: r.error.message, at: Date.now() } }));
        }
      });
    },

    select: (lineId) => set({ selectedLineId: lineId }),

    moveSelection: (delta) => {
      const { sale, selectedLineId } = get();
      if (!sale || sale.lines.length === 0) return;
      const idx = sale.lines.findIndex((l) => l.id === selectedLineId);
      const next = idx < 0 ? (delta > 0 ? 0 : sale.lines.length - 1) : Math.max(0, Math.min(sale.lines.length - 1, idx + delta));
      set({ selectedLineId: sale.lines[next].id });
    },

    clearNotice: () => set({ notice: null }),

    notify: (text, kind = 'error') => set({ notice: { kind, text, at: Date.now() } }),

    mutate: (method, input) =>
      serial(async () => {
        const r = (await call(method, input)) as Result<Sale>;
        // A product added (F2 search) is selected, as after a scan: F3/F4 then act on it.
        if (r.ok) apply(r.value, method === 'sales.addProduct');
        if (r.ok && method === 'sales.addProduct') set({ finalized: null }); // a new item ends the post-sale box
        return r;
      }),

    settled: () => serial(async () => undefined),

    finalize: (withoutPayment) =>
      serial(async () => {
        const r = await call('sales.finalize', withoutPayment ? { withoutPayment: true } : {});
        if (r.ok) {
          const { sale, next } = r.value;
          set({
            finalized: {
              id: sale.id,
              number: sale.documentNumber,
              series: sale.series,
              changeCents: sale.totals.changeCents,
              netCents: sale.totals.netCents,
            },
            notice: null,
          });
          apply(next, true);
        }
        return r;
      }),
  };
});
