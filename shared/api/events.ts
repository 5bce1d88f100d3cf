import { z } from 'zod';
import { outboxEvents } from './outbox';
import { exportsEvents } from './exports';
import { paymentsEvents } from './payments';
import { printingEvents } from './printing';

/** Events pushed from the core to the screen (WebSocket in the browser host, IPC in Electron). */
export const events = {
  'catalog.importProgress': z.object({ done: z.number().int(), total: z.number().int() }),
  ...printingEvents,
  ...outboxEvents,
  ...exportsEvents,
  ...paymentsEvents,
};
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
