import { useSyncExternalStore } from 'react';
import { hostLink, type HostLink } from '../bridge';

/** The screen's link to the Balcão, live: 'online', 'offline' (host gone) or 'expired' (host restarted). */
export function useHostLink(): HostLink {
  const watch = hostLink();
  return useSyncExternalStore(watch.subscribe, watch.get);
}
