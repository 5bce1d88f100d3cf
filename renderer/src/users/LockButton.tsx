import { useEffect } from 'react';
import { ROLE_LABEL } from '../../../shared/api/users';
import { dialogOpen } from '../ui/Dialog';
import { useUsers } from './store';

export const LOCK_KEY = 'F12';

/** Top bar: the role of who is at the till and "Bloquear" (F12). */
export function LockButton() {
  const session = useUsers((s) => s.state?.session ?? null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== LOCK_KEY || dialogOpen()) return;
      e.preventDefault();
      void useUsers.getState().lock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!session) return null;
  return (
    <span className="session-widget" title={`${session.name} (${ROLE_LABEL[session.role]})`}>
      <button type="button" aria-keyshortcuts={LOCK_KEY} onClick={() => void useUsers.getState().lock()}>
        Bloquear <kbd aria-hidden="true">{LOCK_KEY}</kbd>
      </button>
    </span>
  );
}
