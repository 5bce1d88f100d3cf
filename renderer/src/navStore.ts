import { create } from 'zustand';

/** Which screen is showing. Screens themselves are listed in nav.tsx. */
interface NavState {
  active: string;
  go(id: string): void;
}

export const useNav = create<NavState>((set) => ({
  active: 'sale',
  go: (id) => set({ active: id }),
}));
