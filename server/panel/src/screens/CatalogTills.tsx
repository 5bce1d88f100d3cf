import { useEffect, useState } from 'react';
import { get } from '../api';
import { formatDateTime } from '../format';

interface CatalogStatus {
  latest: number;
  tills: { tillId: string; name: string; current: boolean; missing: number; lastSeenAt: string | null }[];
}

/** "Caixas com o catálogo atual": which caixas of the store have received every product change. */
export function CatalogTills({ storeId, version }: { storeId: string; version: number }) {
  const [status, setStatus] = useState<CatalogStatus | null>(null);
  useEffect(() => {
    if (!storeId) return;
    get<CatalogStatus>('/v1/panel/products/tills', { loja: storeId }).then(setStatus, () => setStatus(null));
  }, [storeId, version]);
  if (!status) return null;
  return (
    <section aria-label="Caixas com o catálogo atual" className="catalog-tills">
      <strong>Caixas com o catálogo atual:</strong>{' '}
      {status.tills.length === 0
        ? 'nenhum caixa nesta loja.'
        : status.tills.map((t, i) => (
            <span key={t.tillId} className={t.current ? undefined : 'till-behind'}>
              {i > 0 && ' · '}
              {t.name}: {t.current ? 'atualizado' : `faltam ${t.missing} alteração(ões)`}
              {t.lastSeenAt ? ` (visto ${formatDateTime(t.lastSeenAt)})` : ' (nunca conectou)'}
            </span>
          ))}
    </section>
  );
}
