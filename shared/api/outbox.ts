import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS, approval } from './access';

/** Sync (outbox) contract: the top-bar badge, the "Sincronização" screen, per-sale state. */

export const OutboxStatus = z.enum(['pending', 'sending', 'retrying', 'done', 'attention', 'discarded']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

/** What the screen can filter on (the open statuses). */
export const OutboxFilter = z.enum(['pending', 'retrying', 'attention']);
export type OutboxFilter = z.infer<typeof OutboxFilter>;

export const OutboxChannelState = z.object({
  channel: z.enum(['hub', 'payment', 'retaguarda']),
  online: z.boolean(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
});

export const OutboxSummary = z.object({
  pending: z.number().int(),
  sending: z.number().int(),
  retrying: z.number().int(),
  attention: z.number().int(),
  channels: z.array(OutboxChannelState),
});
export type OutboxSummary = z.infer<typeof OutboxSummary>;

export const OutboxItem = z.object({
  id: z.number().int(),
  opId: z.string(),
  kind: z.string(),
  /** For people: "GerarBonus", "Estorno PIX" … */
  route: z.string(),
  channel: z.enum(['hub', 'payment', 'retaguarda']),
  saleId: z.string().nullable(),
  /** "1-000012" (series-number) once the sale has its number. */
  saleNumber: z.string().nullable(),
  /** Masked CPF ("***.456.789-**") or null. */
  customer: z.string().nullable(),
  status: OutboxStatus,
  attempts: z.number().int(),
  /** ISO time of the next automatic attempt; null when none is scheduled (needs attention, or waiting for an earlier operation). */
  nextAttemptAt: z.string().nullable(),
  /** Held until an earlier operation of the same sale is delivered or discarded. */
  waitingPrevious: z.boolean(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxSaleState = z.object({
  saleId: z.string(),
  /** Operations of this sale still to be delivered (pending, sending, retrying, needs attention). */
  open: z.number().int(),
  attention: z.number().int(),
  /** A GerarBonus of this sale is not delivered yet: "Bônus será creditado quando a conexão voltar". */
  bonusPending: z.boolean(),
});
export type OutboxSaleState = z.infer<typeof OutboxSaleState>;

export const OutboxSettings = z.object({
  /** Delivered/discarded operations are kept this many days, then pruned. */
  keepDays: z.number({ error: 'Informe o número de dias.' }).int('Use um número inteiro de dias.').min(1, 'Mínimo 1 dia.').max(3650, 'Máximo 3650 dias.'),
});
export type OutboxSettings = z.infer<typeof OutboxSettings>;

export const outboxApi = {
  'outbox.summary': method(Empty, OutboxSummary, SESSION),
  /** Open operations (all open statuses, or one), oldest first; `total` counts them all, `rows` stops at `limit`. */
  'outbox.list': method(
    z.object({ status: OutboxFilter.optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    z.object({ total: z.number().int(), rows: z.array(OutboxItem) }),
    SESSION,
  ),
  /** "Reenviar agora": one operation (retrying / needs attention) or, without id, all of them. Same identifier as before. */
  'outbox.resend': method(z.object({ id: z.number().int().optional() }), z.object({ count: z.number().int() }), SESSION),
  /** "Descartar": never send this operation; the reason and the operator are recorded. */
  'outbox.discard': method(
    z.object({
      id: z.number().int(),
      reason: z
        .string({ error: 'Informe o motivo do descarte.' })
        .trim()
        .min(3, 'Informe o motivo do descarte (mínimo 3 caracteres).')
        .max(200, 'Motivo muito longo (máximo 200 caracteres).'),
    }),
    z.object({ id: z.number().int(), status: OutboxStatus, discardedReason: z.string(), discardedBy: z.string() }),
    approval('sync.discard', ['id']),
  ),
  'outbox.saleState': method(z.object({ saleId: z.string() }), OutboxSaleState, SESSION),
  'outbox.getSettings': method(Empty, OutboxSettings, SESSION),
  'outbox.saveSettings': method(OutboxSettings, OutboxSettings, SETTINGS),
};

export const outboxEvents = {
  /** The sync state changed (coalesced): counts and connectivity for the badge. */
  'outbox.changed': OutboxSummary,
};

export const BONUS_PENDING_TEXT = 'Bônus será creditado quando a conexão voltar';
