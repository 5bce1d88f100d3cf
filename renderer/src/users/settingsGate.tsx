import { useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { call } from '../bridge';
import { useNav } from '../navStore';
import { requestApproval } from './approval';
import { managesSettings, useUsers } from './store';

/**
 * Configurações is for Gerentes: an Operador opening a settings screen is
 * asked for "PIN do gerente" first (cancel → back to the sale). The approval
 * lasts while Configurações screens are showing; the core enforces it too.
 */
export function gateSettingsScreens(screens: { id: string; group?: 'settings' | 'widget'; component: ComponentType }[]): void {
  const ids = new Set<string>();
  for (const s of screens) {
    if (s.group !== 'settings') continue;
    ids.add(s.id);
    const Inner = s.component;
    s.component = function GatedSettings() {
      return (
        <SettingsGate>
          <Inner />
        </SettingsGate>
      );
    };
  }
  // Leaving Configurações ends the approval.
  useNav.subscribe((st, prev) => {
    if (ids.has(prev.active) && !ids.has(st.active)) {
      void call('users.dropElevation', {}).then(() => useUsers.getState().load());
    }
  });
}

function SettingsGate({ children }: { children: ReactNode }) {
  const state = useUsers((s) => s.state);
  const allowed = managesSettings(state);
  const asked = useRef(false); // once per visit (a ref: StrictMode runs effects twice)
  useEffect(() => {
    if (allowed || asked.current) return;
    asked.current = true;
    void requestApproval('settings').then(async (ok) => {
      if (ok) await useUsers.getState().load();
      else useNav.getState().go('sale');
    });
  }, [allowed]);
  if (!allowed) return <p className="hint page">Configurações: aguardando a aprovação do gerente…</p>;
  return <>{children}</>;
}
