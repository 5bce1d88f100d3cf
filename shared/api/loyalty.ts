import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS } from './access';
import { PrintJob } from './printing';
import { Sale } from './sales';

/** Hub Fidelidade enumerations (contract "Enumerations"). */
export const ESTADO_CIVIL = { NaoInformado: 1, Casado: 2, Solteiro: 3, Divorciado: 4, Viuvo: 5, Outros: 6, Concubinato: 7 } as const;
export const SEXO = { NaoInformado: 0, Masculino: 1, Feminino: 2 } as const;
export const ESCOLARIEDADE = {
  NaoInformado: 0,
  EnsinoFundamentalIncompleto: 1,
  EnsinoFundamentalCompleto: 2,
  EnsinoMedioCompleto: 3,
  GraduacaoCompleto: 4,
  PosGraduacaoCompleto: 5,
} as const;
/** TipoPin: Celular (SMS) = 1, Email = 2. */
export const TIPO_PIN = { Celular: 1, Email: 2 } as const;
export type PinType = 1 | 2;

/** tipo_ambiente header: Homologação = 0, Produção = 1. */
export const HubEnvironment = z.union([z.literal(0), z.literal(1)]);
export type HubEnvironment = z.infer<typeof HubEnvironment>;
export const HUB_ENVIRONMENT_LABELS: Record<HubEnvironment, string> = { 0: 'Homologação', 1: 'Produção' };

/** The integration token: no expiry, at most 600 characters. */
export const HUB_TOKEN_MAX = 600;

export const HubPartner = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The `produto_descricao` header the partner knows us by (Microvix, Seta). */
  productDescription: z.string(),
});
export type HubPartner = z.infer<typeof HubPartner>;

/** "Hub X (Microvix)": the product in parentheses, unless the name already carries it ("Hub X (Seta)"). */
export function partnerLabel(p: Pick<HubPartner, 'name' | 'productDescription'>): string {
  const product = p.productDescription.trim();
  if (!product || p.name.toLowerCase().includes(`(${product.toLowerCase()})`)) return p.name;
  return `${p.name} (${product})`;
}

export const HubCompanySettings = z.object({
  companyId: z.number().int(),
  /** Empresa (read-only). */
  name: z.string(),
  /** CNPJ, 14 digits (read-only). */
  cnpj: z.string(),
  cnpjValid: z.boolean(),
  /** The key is never sent back: only whether one is stored and a masked hint ("••••••••abcd"). */
  hasKey: z.boolean(),
  keyHint: z.string().nullable(),
  environment: HubEnvironment,
  active: z.boolean(),
});
export type HubCompanySettings = z.infer<typeof HubCompanySettings>;

export const HubSettingsView = z.object({
  /** "Utiliza novo Hub Fidelidade": when false the sale hides every loyalty flow. */
  hubEnabled: z.boolean(),
  partners: z.array(HubPartner),
  partnerId: z.number().int().nullable(),
  companies: z.array(HubCompanySettings),
});
export type HubSettingsView = z.infer<typeof HubSettingsView>;

export const HubSettingsInput = z.object({
  hubEnabled: z.boolean(),
  partnerId: z.number().int().nullable(),
  companyId: z.number().int(),
  /** Empty = keep the stored key (the screen never receives it back). Length is checked by the service (pt-BR alert). */
  integrationKey: z.string().max(10_000).default(''),
  environment: HubEnvironment,
  active: z.boolean(),
});
export type HubSettingsInput = z.input<typeof HubSettingsInput>;

/** What the sale screen needs to know: show loyalty flows or not. */
export const LoyaltyStatus = z.object({
  hubEnabled: z.boolean(),
  /** Enabled, a partner chosen, the company active and a key stored. */
  ready: z.boolean(),
  partnerName: z.string().nullable(),
  environment: HubEnvironment.nullable(),
});
export type LoyaltyStatus = z.infer<typeof LoyaltyStatus>;

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  /** The outcome in words (pt-BR). */
  message: z.string(),
  durationMs: z.number().int(),
  kind: z.enum(['ok', 'business', 'communication', 'outOfStandard', 'notConfigured']),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const loyaltyApi = {
  'loyalty.settings.get': method(z.object({ partnerId: z.number().int().optional() }), HubSettingsView, SETTINGS),
  /** Validates everything first; nothing is saved when a field is empty or wrong (the error names it). */
  'loyalty.settings.save': method(HubSettingsInput, HubSettingsView, SETTINGS),
  /** Calls the hub and says what happened: with `settings`, the typed (unsaved) ones — testing never saves; else the saved ones. */
  'loyalty.testConnection': method(z.object({ settings: HubSettingsInput.optional() }), ConnectionTestResult, SETTINGS),
  'loyalty.status': method(Empty, LoyaltyStatus, SESSION),
};

/** The consumer as the hub's CadastrarCliente wants it (our names; builders map to the contract's). */
export const LoyaltyCustomer = z.object({
  cpf: z.string(),
  name: z.string().default(''),
  rg: z.string().default(''),
  maritalStatus: z.number().int().min(1).max(7).default(ESTADO_CIVIL.NaoInformado),
  /** ISO-8601 date (AAAA-MM-DD) or date-time; null when unknown (never "": the partner types it as a date). */
  birthDate: z
    .string()
    .nullable()
    .default(null)
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim()))
    .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v), 'Data de nascimento inválida: use AAAA-MM-DD.'),
  sex: z.number().int().min(0).max(2).default(SEXO.NaoInformado),
  profession: z.string().default(''),
  motherName: z.string().default(''),
  fatherName: z.string().default(''),
  spouseName: z.string().default(''),
  birthplace: z.string().default(''),
  education: z.number().int().min(0).max(5).default(ESCOLARIEDADE.NaoInformado),
  monthlyIncomeCents: z.number().int().min(0).default(0),
  dependents: z.number().int().min(0).default(0),
  workplace: z.string().default(''),
  timeAtCurrentJob: z.string().default(''),
  address: z
    .object({
      zip: z.string().default(''),
      street: z.string().default(''),
      number: z.string().default(''),
      complement: z.string().default(''),
      district: z.string().default(''),
      city: z.string().default(''),
      state: z.string().default(''),
      country: z.string().default('Brasil'),
    })
    .default({ zip: '', street: '', number: '', complement: '', district: '', city: '', state: '', country: 'Brasil' }),
  contact: z
    .object({ phone: z.string().default(''), mobile: z.string().default(''), email: z.string().default('') })
    .default({ phone: '', mobile: '', email: '' }),
});
export type LoyaltyCustomerInput = z.input<typeof LoyaltyCustomer>;
export type LoyaltyCustomer = z.output<typeof LoyaltyCustomer>;

/** A customer's balance as the hub reports it (cents). */
export const LoyaltyBalance = z.object({
  guid: z.string(),
  currentCents: z.number().int(),
  availableCents: z.number().int(),
  usesPin: z.boolean(),
  pinType: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** CadastrarCliente only: whether the customer was (already) registered; null when the hub omits it. */
  registered: z.boolean().nullable(),
});
export type LoyaltyBalance = z.infer<typeof LoyaltyBalance>;

export const LoyaltyCampaign = z.object({
  id: z.number().int(),
  description: z.string(),
  note: z.string().nullable(),
  discountCents: z.number().int(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type LoyaltyCampaign = z.infer<typeof LoyaltyCampaign>;

// ---- loyalty.counter.*: at the counter ---------------------------------------

/** Loyalty at the counter: the customer on the sale, balance, PIN, redemption, campaigns, bonus. */

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

export const loyaltyCounterApi = {
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
};
