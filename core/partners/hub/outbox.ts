import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboxRepo } from '../../outbox/repo';
import type { DeliveryOutcome, OutboxRow } from '../../outbox/types';
import type { OutboxWorker } from '../../outbox/worker';
import type { HubClient } from './client';
import { HubBusinessError, HubCommunicationError, HubError } from './errors';
import { PERSONAL_ROUTES, storedRequest } from './stored-request';
import { HUB_ROUTE_KEYS, type HubRoute } from './routes';

/** What a hub outbox row carries: the route and the request body built at creation (GUID inside). */
export interface HubOutboxPayload {
  route: HubRoute;
  body: Record<string, unknown>;
}

/** A stored hub row's payload, parsed before each delivery: its own route and an object body. */
const hubPayload = (route: HubRoute): z.ZodType<HubOutboxPayload> =>
  z.looseObject({ route: z.literal(route), body: z.record(z.string(), z.unknown()) });

/** The customer's CPF in a hub body (Cpf, CPF or Venda.Cpf): "Sincronização" shows it masked for rows without a sale. */
function bodyCpf(body: Record<string, unknown>): string | null {
  const venda = body.Venda as Record<string, unknown> | undefined;
  const cpf = body.Cpf ?? body.CPF ?? venda?.Cpf ?? body.cpf;
  return typeof cpf === 'string' && cpf ? cpf : null;
}

export const hubKind = (route: HubRoute) => `hub.${route}`;

/**
 * Queues one hub operation INSIDE the caller's transaction. The GUID is minted
 * here, once, written into the body and used as the row's opId: every attempt,
 * after any crash, sends the same IdentificadorTransacao.
 */
export function enqueueHub(
  repo: OutboxRepo,
  op: { route: HubRoute; saleId: string; build: (guid: string) => Record<string, unknown>; guid?: string },
): OutboxRow {
  const guid = op.guid ?? randomUUID().toUpperCase();
  const body = op.build(guid);
  const payload: HubOutboxPayload = { route: op.route, body };
  return repo.enqueue({ opId: guid, kind: hubKind(op.route), channel: 'hub', orderingKey: op.saleId, saleId: op.saleId, payload });
}

/** Maps a delivery attempt's failure to the worker's outcome: communication → retry; business/out-of-standard → a person. */
export function hubOutcome(err: unknown): DeliveryOutcome {
  if (err instanceof HubCommunicationError) {
    return { status: 'retry', code: err.code, message: err.message, ...(err.retryAfterMs !== null ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
  if (err instanceof HubBusinessError) return { status: 'attention', code: err.code, message: err.hubMessage };
  if (err instanceof HubError && err.kind === 'notConfigured') return { status: 'retry', code: err.code, message: err.message };
  if (err instanceof HubError) return { status: 'attention', code: err.code, message: err.message };
  return { status: 'retry', code: 'hub.unexpected', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Registers the delivery of every hub route on the outbox worker. A capability
 * that needs a body computed from an earlier row's answer (e.g. GerarBonus's
 * CampanhaId from a queued ConsultarCampanha) passes `prepare` for that route.
 */
export function registerHubDeliveries(
  worker: OutboxWorker,
  client: HubClient,
  prepare: Partial<Record<HubRoute, (payload: HubOutboxPayload, previous: OutboxRow[]) => Record<string, unknown>>> = {},
): void {
  for (const route of HUB_ROUTE_KEYS) {
    worker.register(hubKind(route), {
      payload: hubPayload(route),
      // Each hub operation is its own effect at the partner: a refused ResgatarSaldo keeps the discount and the
      // bonus still goes; a refused GerarBonus is followed by its EstornarVenda.
      proceedsAfterAttention: true,
      label: route,
      customerCpf: (p) => bodyCpf(p.body),
      bonus: route === 'GerarBonus',
      deliver: async ({ opId, payload }, ctx) => {
        try {
          const body = prepare[route] ? prepare[route]!(payload, ctx.previous) : payload.body;
          const result = await client.deliver(route, opId, body, { journal: false });
          // Delivered: a person's data (CadastrarCliente, EnviarPin) is no longer needed at rest.
          const keepPayload = PERSONAL_ROUTES.includes(route) ? { ...payload, body: storedRequest(route, payload.body) } : undefined;
          return { status: 'done', result, keepPayload };
        } catch (err) {
          return hubOutcome(err);
        }
      },
    });
  }
}
