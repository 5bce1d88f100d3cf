import { create } from 'zustand';
import type { Shift } from '../../../shared/api/shifts';
import { call } from '../bridge';

/** The open shift (caixa); `lastClosed` shows the closing result before the next opening. */
interface ShiftState {
  loaded: boolean;
  shift: Shift | null;
  lastClosed: Shift | null;
  error: string | null;
  load(): Promise<void>;
  set(shift: Shift | null): void;
  closed(shift: Shift): void;
  dismissClosed(): void;
}

export const useShift = create<ShiftState>((set) => ({
  loaded: false,
  shift: null,
  lastClosed: null,
  error: null,
  load: async () => {
    const r = await call('shifts.current', {});
    if (r.ok) set({ loaded: true, shift: r.value, error: null });
    else set({ loaded: true, error: r.error.message });
  },
  set: (shift) => set({ shift }),
  closed: (shift) => set({ shift: null, lastClosed: shift }),
  dismissClosed: () => set({ lastClosed: null }),
}));
