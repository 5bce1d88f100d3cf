import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS } from './access';

/**
 * The payment forms a store may enable ("Formas de pagamento"), each with its
 * hub code (FormasDePagamento[].Id). `key` is the digit shortcut in the
 * payment dialog. `api`: charged through the payment API (QR); `confirm`: the
 * cashier confirms the money arrived (PIX Estático). Only cash gives change.
 */
export const PAYMENT_FORM_TABLE = [
  { code: 1, label: 'Dinheiro', key: '1' },
  { code: 2, label: 'Cheque' },
  { code: 3, label: 'Cartão de Crédito', key: '2' },
  { code: 4, label: 'Cartão de Débito', key: '3' },
  { code: 5, label: 'Crediário/Cartão da Loja' },
  { code: 10, label: 'Vale Alimentação', key: '5' },
  { code: 11, label: 'Vale Refeição', key: '6' },
  { code: 12, label: 'Vale Presente' },
  { code: 17, label: 'PIX', key: '4', api: true },
  { code: 18, label: 'Carteira Digital', api: true },
  { code: 20, label: 'PIX Estático', confirm: true },
  { code: 21, label: 'Crédito em Loja' },
  { code: 99, label: 'Outros' },
] as const satisfies readonly { code: number; label: string; key?: string; api?: boolean; confirm?: boolean }[];
export type StoreFormCode = (typeof PAYMENT_FORM_TABLE)[number]['code'];
export const STORE_FORM_CODES = PAYMENT_FORM_TABLE.map((f) => f.code) as number[];

/** What the panel (Conexão Rede) calls each state, and ours for the in-between ones. */
export const PIX_PANEL = {
  creating: 'GERANDO',
  unknown: 'VERIFICANDO',
  pending: 'PENDENTE',
  approved: 'APROVADO',
  expired: 'EXPIRADO',
  cancelling: 'CANCELANDO',
  cancelled: 'CANCELADO',
  refund_pending: 'ESTORNO PENDENTE',
  refunded: 'ESTORNO',
  partial_refunded: 'ESTORNO PARCIAL',
  failed: 'FALHOU',
} as const;
export type PixAttemptStatus = keyof typeof PIX_PANEL;

export const PixView = z.object({
  attemptId: z.number().int(),
  saleId: z.string(),
  formCode: z.number().int(),
  orderRef: z.string(),
  status: z.enum(Object.keys(PIX_PANEL) as [PixAttemptStatus, ...PixAttemptStatus[]]),
  panel: z.string(),
  amountCents: z.number().int(),
  refundedCents: z.number().int(),
  qrCodeText: z.string().nullable(),
  orderId: z.string().nullable(),
  walletPaymentId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  message: z.string().nullable(),
});
export type PixView = z.infer<typeof PixView>;

export const PaymentFormView = z.object({ code: z.number().int(), label: z.string(), key: z.string().nullable(), enabled: z.boolean(), api: z.boolean(), confirm: z.boolean() });
export type PaymentFormView = z.infer<typeof PaymentFormView>;

export const PaymentSettingsView = z.object({
  baseUrl: z.string(),
  defaultBaseUrl: z.string().nullable(),
  accessKey: z.string(),
  hasSecret: z.boolean(),
  secretHint: z.string().nullable(),
  clientId: z.string(),
  wallet: z.string(),
  forms: z.array(PaymentFormView),
});
export type PaymentSettingsView = z.infer<typeof PaymentSettingsView>;

export const PaymentSettingsInput = z.object({
  baseUrl: z.string().max(500),
  accessKey: z.string().max(500),
  /** Empty = keep the saved one. */
  secretKey: z.string().max(500),
  clientId: z.string().max(200),
  wallet: z.string().max(64),
  forms: z.array(z.number().int()).max(50),
});
export type PaymentSettingsInput = z.infer<typeof PaymentSettingsInput>;

export const PaymentConnectionResult = z.object({ ok: z.boolean(), message: z.string(), wallets: z.array(z.object({ wallet: z.string(), name: z.string() })) });

const Money = z.number().int().min(1).max(100_000_000_00);

/** Which card details the store requires on a card tender (Configurações > "Pagamentos"). Parcelas default to 1. */
export const CardRules = z.object({
  brand: z.boolean(),
  nsu: z.boolean(),
  authorization: z.boolean(),
});
export type CardRules = z.infer<typeof CardRules>;

export const paymentsApi = {
  /** Starts a QR charge (PIX 17 / Carteira Digital 18) for part or all of what is left of the open sale. */
  'payments.pixStart': method(z.object({ formCode: z.union([z.literal(17), z.literal(18)]), amountCents: Money }), PixView, SESSION),
  /** The open sale's current charge (resumed after a reload/restart), or null. */
  'payments.pixCurrent': method(Empty, PixView.nullable(), SESSION),
  /** "Cancelar PIX": cancels the charge at the API (through the outbox). */
  'payments.pixCancel': method(z.object({ attemptId: z.number().int() }), PixView, SESSION),
  /** Every charge of a sale (ESTORNO / ESTORNO PARCIAL after a cancellation). */
  'payments.pixForSale': method(z.object({ saleId: z.string().max(64) }), z.array(PixView), SESSION),
  'payments.forms': method(Empty, z.array(PaymentFormView), SESSION),
  'payments.settings.get': method(Empty, PaymentSettingsView, SETTINGS),
  'payments.settings.save': method(PaymentSettingsInput, PaymentSettingsView, SETTINGS),
  'payments.testConnection': method(Empty, PaymentConnectionResult, SETTINGS),
  /** Configurações > "Pagamentos": which card details a card tender requires. */
  'payments.cardRules': method(Empty, CardRules, SESSION),
  'payments.saveCardRules': method(CardRules.strict(), CardRules, SETTINGS),
};

export const paymentsEvents = {
  /** A charge changed (approved, expired, cancelled…): the PIX panel follows it. */
  'payments.pixChanged': PixView,
};
