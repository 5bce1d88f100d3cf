import { useEffect, useState } from 'react';
import { SERVER_OWNED_MESSAGE, type ServerOwned } from '../../../shared/api/retaguarda';
import { call } from '../bridge';

/**
 * Whether this till is paired with the Retaguarda (which then owns the catalog, users and store settings).
 * The core refuses those edits anyway; screens use this to disable the controls and say where to change them.
 */
export function useServerOwned(): boolean {
  const [paired, setPaired] = useState(false);
  useEffect(() => {
    let live = true;
    void call('retaguarda.ownership', {}).then((r) => {
      if (live && r.ok) setPaired(r.value.paired);
    });
    return () => {
      live = false;
    };
  }, []);
  return paired;
}

/** The note a screen shows next to what the store server owns (the same words as the core's refusal). */
export function ServerOwnedNote({ paired, what, id }: { paired: boolean; what: ServerOwned; id?: string }) {
  if (!paired) return null;
  return (
    <p className="hint server-owned" role="note" id={id}>
      {SERVER_OWNED_MESSAGE[what]}
    </p>
  );
}
