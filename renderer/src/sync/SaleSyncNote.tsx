import { useEffect, useState } from 'react';
import { BONUS_PENDING_TEXT } from '../../../shared/api/outbox';
import { call } from '../bridge';
import { useSync } from './syncStore';

/** "Bônus será creditado quando a conexão voltar" while the sale's GerarBonus waits in the outbox (live). */
export function SaleSyncNote({ saleId }: { saleId: string }) {
  const summary = useSync((s) => s.summary);
  const [pending, setPending] = useState(false);
  useEffect(() => useSync.getState().start(), []);
  useEffect(() => {
    let live = true;
    void call('outbox.saleState', { saleId }).then((r) => live && r.ok && setPending(r.value.bonusPending));
    return () => {
      live = false;
    };
  }, [saleId, summary]);
  if (!pending) return null;
  return (
    <p className="sync-bonus-pending" role="status" data-testid="bonus-pending">
      {BONUS_PENDING_TEXT}
    </p>
  );
}
