import type { EventName, EventPayload } from '../../shared/api';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type Listener = (event: EventName, payload: unknown) => void;

/** A tiny fan-out for core → screen events; each transport subscribes once. */
export class EventHub {
  private listeners = new Set<Listener>();

  emit: Emit = (event, payload) => {
    for (const l of this.listeners) l(event, payload);
  };

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
