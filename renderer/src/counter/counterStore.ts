import { create } from 'zustand';
import type { ApiError } from '../../../shared/api';
import type { CounterState } from '../../../shared/api/loyalty';
import { call } from '../bridge';

interface CounterStore extends CounterState {
  loaded: boolean;
  refresh(): Promise<void>;
  set(state: CounterState): void;
}

/** The open sale's loyalty state (customer, balance, redemption), refreshed after each change to the sale. */
export const useCounter = create<CounterStore>((set) => ({
  enabled: false,
  customer: null,
  loaded: false,
  refresh: async () => {
    const r = await call('loyalty.counter.state', {});
    // A failed read never blocks the payment screen: loaded either way (the previous state stays).
    set(r.ok ? { ...r.value, loaded: true } : { loaded: true });
  },
  set: (state) => set({ ...state, loaded: true }),
}));

/** The three kinds of hub failure the cashier meets, with the words the screen shows. */
export type HubFailure =
  | { kind: 'business'; message: string; guid: string | null }
  | { kind: 'communication'; message: string; guid: string | null }
  | { kind: 'outOfStandard'; message: string; guid: string | null }
  | { kind: 'other'; message: string; guid: null };

export const OUT_OF_STANDARD_TEXT = 'O parceiro respondeu fora do padrão da API';

export function hubFailure(e: ApiError): HubFailure {
  const guid = ((e.details as { guid?: string } | undefined)?.guid ?? null) || null;
  if (e.code === 'hub.business') return { kind: 'business', message: e.message, guid };
  if (e.code === 'hub.communication') return { kind: 'communication', message: e.message, guid };
  if (e.code === 'hub.outOfStandard') return { kind: 'outOfStandard', message: `${OUT_OF_STANDARD_TEXT}.`, guid };
  return { kind: 'other', message: e.message, guid: null };
}

/** 52998224725 → 529.982.247-25 while typing. */
export function maskCpfInput(text: string): string {
  const d = text.replace(/\D/g, '').slice(0, 11);
  const parts = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 9)].filter(Boolean);
  let out = parts.join('.');
  if (d.length > 9) out += `-${d.slice(9)}`;
  return out;
}

/** (11) 98765-4321 while typing. */
export function maskPhoneInput(text: string): string {
  const d = text.replace(/\D/g, '').slice(0, 11);
  if (d.length <= 2) return d.length ? `(${d}` : '';
  const rest = d.slice(2);
  const head = rest.length > 8 ? rest.slice(0, 5) : rest.slice(0, 4);
  const tail = rest.length > 8 ? rest.slice(5) : rest.slice(4);
  return `(${d.slice(0, 2)}) ${head}${tail ? `-${tail}` : ''}`;
}
