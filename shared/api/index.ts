import type { z } from 'zod';
import { cancellationApi } from './cancellation';
import { auditApi } from './audit';
import { exportsApi } from './exports';
import { catalogApi } from './catalog';
import { loyaltyApi, loyaltyCounterApi } from './loyalty';
import { outboxApi } from './outbox';
import { paymentsApi } from './payments';
import type { Result } from './define';
import type { EventName, EventPayload } from './events';
import { presalesApi } from './presales';
import { printingApi } from './printing';
import { reportsApi } from './reports';
import { retaguardaApi } from './retaguarda';
import { salesApi } from './sales';
import { salesQueryApi } from './sales-query';
import { scaleApi } from './scale';
import { shiftsApi } from './shifts';
import { systemApi } from './system';
import { usersApi } from './users';

export * from './define';
export * from './events';

/**
 * THE contract between the screen and the core. Every transport (Electron IPC,
 * the browser host's HTTP/WebSocket, direct calls in tests) serves exactly this
 * map. Add a capability by spreading its `xxxApi` here: one file per namespace
 * (`shared/api/<ns>.ts`, kebab-case of the namespace), served by `core/<ns>/handlers.ts`.
 */
export const api = {
  ...systemApi,
  ...catalogApi,
  ...salesApi,
  ...loyaltyApi,
  ...printingApi,
  ...loyaltyCounterApi,
  ...presalesApi,
  ...outboxApi,
  ...usersApi,
  ...auditApi,
  ...cancellationApi,
  ...shiftsApi,
  ...salesQueryApi,
  ...reportsApi,
  ...exportsApi,
  ...paymentsApi,
  ...scaleApi,
  ...retaguardaApi,
};

export type Api = typeof api;
export type MethodName = keyof Api;
export type Input<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type Output<M extends MethodName> = z.output<Api[M]['output']>;

/** What the renderer gets on `window.balcao`, whatever the transport. */
export interface BalcaoBridge {
  invoke<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}
