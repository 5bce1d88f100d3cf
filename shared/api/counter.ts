import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION } from './access';
import { LoyaltyCampaign, LoyaltyCustomer } from './loyalty';
import { PrintJob } from './printing';
import { Sale } from './sales';

/** Loyalty at the counter: the customer on the sale, balance, PIN, redemption, campaigns, bonus, pre-sales. */

/** The result panel after CadastrarCliente / ConsultarSaldo. */
export const CustomerPanel = z.object({
  /** "Título": the outcome in words, e.g. "Cliente cadastrado no parceiro". */
  title: z.string(),
  name: z.string(),
  /** Masked: ***.456.789-** */
  cpfMasked: z.string(),
  /** The balances the partner returned; null when it could not be asked (hub down): never a default 0. */
  currentCents: z.number().int().nullable(),
  availableCents: z.number().int().nullable(),
  usesPin: z.boolean(),
  pinType: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** The operation's GUID ("Tentar Novamente" with the same one while the hub is down). */
  guid: z.string(),
  /** False: identified from the local registry with the hub down ("Cliente identificado sem consulta de saldo"). */
  balanceKnown: z.boolean(),
});
export type CustomerPanel = z.infer<typeof CustomerPanel>;

/** The loyalty state of the open sale. */
export const SaleLoyaltyView = z.object({
  saleId: z.string(),
  name: z.string(),
  cpfMasked: z.string(),
  currentCents: z.number().int(),
  availableCents: z.number().int(),
  usesPin: z.boolean(),
  pinType: z.union([z.literal(1), z.literal(2)]).nullable(),
  pinValidated: z.boolean(),
  redemptionDecided: z.boolean(),
  redemptionCents: z.number().int(),
  /** min(available, net before redemption); 0 when the balance was not consulted. */
  maxRedeemableCents: z.number().int(),
  /** False: identified with the hub down; no balance to show, no redemption; registered when the hub returns. */
  balanceKnown: z.boolean(),
});
export type SaleLoyaltyView = z.infer<typeof SaleLoyaltyView>;

export const CounterState = z.object({
  /** Hub switched on and configured: the loyalty controls show. */
  enabled: z.boolean(),
  customer: SaleLoyaltyView.nullable(),
});
export type CounterState = z.infer<typeof CounterState>;

export const IdentifyResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('registered'), panel: CustomerPanel, state: CounterState }),
  /** Not in the local registry: the "Cadastro de cliente" form is needed. */
  z.object({ status: z.literal('unknown'), cpf: z.string() }),
]);
export type IdentifyResult = z.infer<typeof IdentifyResult>;

export const PinSentView = z.object({
  channel: z.enum(['SMS', 'E-mail']),
  /** "(11) *****-4321" or "a***@example.com" */
  destinationMasked: z.string(),
  guid: z.string(),
});
export type PinSentView = z.infer<typeof PinSentView>;

export const PinCheckView = z.object({
  valid: z.boolean(),
  attempts: z.number().int(),
  /** 3 wrong PINs: back to "Utilização de saldo". */
  exhausted: z.boolean(),
});

export const CampaignsView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), campaigns: z.array(LoyaltyCampaign), allowNoBonus: z.boolean(), guid: z.string() }),
  /** The hub did not answer in time (or failed to communicate): the sale goes on, the query is queued. */
  z.object({ status: z.literal('unavailable'), message: z.string() }),
  /** No customer / hub off: a plain finalize. */
  z.object({ status: z.literal('none') }),
]);
export type CampaignsView = z.infer<typeof CampaignsView>;

export const LoyaltyOutcome = z.object({
  /** 'done' = bonus generated and shown; 'pending' = queued until the connection returns; 'failed' = GerarBonus refused. */
  bonus: z.enum(['done', 'pending', 'failed', 'none']),
  generatedCents: z.number().int(),
  /** The customer's balance as the partner returned it; null when it did not (no bonus: the hub answers 0, not the balance). */
  balanceCents: z.number().int().nullable(),
  message: z.string().nullable(),
  redemptionCents: z.number().int(),
  campaign: z.object({ id: z.number().int(), description: z.string() }).nullable(),
  /** Shown to the cashier (redemption to adjust manually, bonus failure…). */
  warnings: z.array(z.string()),
  /** EstornarVenda queued automatically and not delivered: "Fechar" / "Tentar Novamente". */
  reversal: z.object({ opId: z.string(), status: z.string(), message: z.string().nullable() }).nullable(),
});
export type LoyaltyOutcome = z.infer<typeof LoyaltyOutcome>;

export const PreSaleSummary = z.object({
  number: z.number().int(),
  customerName: z.string().nullable(),
  itemCount: z.number().int(),
  totalCents: z.number().int(),
  createdAt: z.string(),
});
export type PreSaleSummary = z.infer<typeof PreSaleSummary>;

export const counterApi = {
  'loyalty.counter.state': method(Empty, CounterState, SESSION),
  /** "Identificar cliente": CPF check digits first; known → CadastrarCliente at once; unknown → the form. */
  'loyalty.counter.identify': method(z.object({ cpf: z.string().max(20) }), IdentifyResult, SESSION),
  /** "Salvar cliente": saved locally in one transaction, then CadastrarCliente. */
  'loyalty.counter.register': method(z.object({ customer: LoyaltyCustomer.partial().extend({ cpf: z.string() }) }), IdentifyResult, SESSION),
  /** "Consultar Saldo Parceiro" (ConsultarSaldo with the open sale). */
  'loyalty.counter.balance': method(Empty, IdentifyResult, SESSION),
  /** "Tentar Novamente": the same operation again, with the SAME GUID. */
  'loyalty.counter.retry': method(z.object({ guid: z.string() }), IdentifyResult, SESSION),
  'loyalty.counter.removeCustomer': method(Empty, CounterState, SESSION),
  /** EnviarPin by the customer's TipoPin, destination from the registry. */
  'loyalty.counter.sendPin': method(Empty, PinSentView, SESSION),
  'loyalty.counter.validatePin': method(z.object({ pin: z.string().max(20) }), PinCheckView, SESSION),
  /** "Enviar": the redemption becomes the sale's ValorResgate (discount). */
  'loyalty.counter.redeem': method(z.object({ amountCents: z.number().int().min(0) }), Sale, SESSION),
  /** "Continuar sem utilizar saldo" → "Sim". */
  'loyalty.counter.skipRedemption': method(Empty, Sale, SESSION),
  /** "Finalizar": ConsultarCampanha, bounded (a few seconds). */
  'loyalty.counter.campaigns': method(Empty, CampaignsView, SESSION),
  /** Commits the sale and queues ResgatarSaldo + GerarBonus in the same transaction; waits a few seconds for them. */
  'loyalty.counter.finalize': method(
    z.object({ campaignId: z.number().int().nullable(), campaignDescription: z.string().nullable().default(null), campaignsQueued: z.boolean().default(false) }),
    z.object({ sale: Sale, next: Sale, outcome: LoyaltyOutcome.nullable() }),
    SESSION,
  ),
  /** The loyalty outcome of a finished sale (Minhas vendas; after "Tentar Novamente"). */
  'loyalty.counter.outcome': method(z.object({ saleId: z.string() }), LoyaltyOutcome.nullable(), SESSION),
  /** The reversal's "Tentar Novamente": the same EstornarVenda row (same GUID) goes again. */
  'loyalty.counter.retryReversal': method(z.object({ saleId: z.string() }), LoyaltyOutcome.nullable(), SESSION),
  /** "Comprovante fidelidade" of a finished sale whose bonus was generated (e.g. delivered after the hub came back). */
  'loyalty.counter.printReceipt': method(z.object({ saleId: z.string() }), PrintJob, SESSION),
  'presales.save': method(Empty, z.object({ number: z.number().int(), next: Sale }), SESSION),
  'presales.list': method(Empty, z.array(PreSaleSummary), SESSION),
  'presales.recover': method(z.object({ number: z.number().int() }), Sale, SESSION),
};
