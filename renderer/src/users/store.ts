import { create } from 'zustand';
import type { UsersState } from '../../../shared/api/users';
import { call } from '../bridge';

interface UsersStore {
  state: UsersState | null;
  error: string | null;
  load(): Promise<void>;
  apply(state: UsersState): void;
  lock(): Promise<void>;
  /**
   * The core ended the session (a closed shift) but the screen still shows what the person must read first
   * (the closing result): the login waits until `hold(false)`.
   */
  held: boolean;
  hold(on: boolean): void;
}

/** The till's session as the core knows it (users.state). */
export const useUsers = create<UsersStore>((set) => ({
  state: null,
  error: null,
  held: false,
  hold(on) {
    set({ held: on });
  },
  async load() {
    const r = await call('users.state', {});
    if (r.ok) set({ state: r.value, error: null });
    else set({ error: r.error.message });
  },
  apply(state) {
    set({ state, error: null });
  },
  async lock() {
    const r = await call('users.lock', {});
    if (r.ok) set({ state: r.value });
  },
}));

/** The logged-in user is a Gerente (or a Gerente approved "Configurações" for this session). */
export function managesSettings(s: UsersState | null): boolean {
  return !!s && (s.needsFirstAccess || s.session?.role === 'gerente' || s.settingsElevated);
}
