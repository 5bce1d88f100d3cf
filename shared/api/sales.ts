import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, approval } from './access';

/** Payment form codes of the hub contract (FormasDePagamento[].Id). */
export const PAYMENT_FORMS = {
  1: 'Dinheiro',
  2: 'Cheque',
  3: 'Cartão de Crédito',
  4: 'Cartão de Débito',
  5: 'Cartão da Loja',
  10: 'Vale Alimentação',
  11: 'Vale Refeição',
  12: 'Vale Presente',
  13: 'Vale Combustível',
  14: 'Duplicata Mercantil',
  15: 'Boleto Bancário',
  16: 'Depósito Bancário',
  17: 'PIX Dinâmico',
  18: 'Carteira Digital',
  19: 'Programa de fidelidade',
  20: 'PIX Estático',
  21: 'Crédito em Loja',
  22: 'Pagamento Eletrônico não Informado',
  90: 'Sem Pagamento',
  99: 'Outros',
} as const satisfies Record<number, string>;
export type PaymentFormCode = keyof typeof PAYMENT_FORMS;
export const PaymentFormCode = z.union(
  Object.keys(PAYMENT_FORMS).map((k) => z.literal(Number(k) as PaymentFormCode)) as unknown as [
    z.ZodLiteral<PaymentFormCode>,
    z.ZodLiteral<PaymentFormCode>,
    ...z.ZodLiteral<PaymentFormCode>[],
  ],
);

export const SaleStatus = z.enum(['aberta', 'finalizada', 'cancelada']);
export type SaleStatus = z.infer<typeof SaleStatus>;

export const Operator = z.object({ id: z.number().int(), name: z.string() });
export type Operator = z.infer<typeof Operator>;

export const SaleLine = z.object({
  id: z.number().int(),
  order: z.number().int(),
  productCode: z.number().int(),
  ean: z.string(),
  description: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  grossCents: z.number().int(),
  discountCents: z.number().int(),
  surchargeCents: z.number().int(),
  netCents: z.number().int(),
});
export type SaleLine = z.infer<typeof SaleLine>;

export const Payment = z.object({
  id: z.number().int(),
  formCode: z.number().int(),
  formName: z.string(),
  amountCents: z.number().int(),
  receivedCents: z.number().int(),
  changeCents: z.number().int(),
  reference: z.string().nullable(),
});
export type Payment = z.infer<typeof Payment>;

export const SaleTotals = z.object({
  grossCents: z.number().int(),
  itemDiscountCents: z.number().int(),
  saleDiscountCents: z.number().int(),
  redemptionCents: z.number().int(),
  discountTotalCents: z.number().int(),
  surchargeCents: z.number().int(),
  netCents: z.number().int(),
  itemCount: z.number().int(),
  paidCents: z.number().int(),
  remainingCents: z.number().int(),
  changeCents: z.number().int(),
});
export type SaleTotals = z.infer<typeof SaleTotals>;

export const Sale = z.object({
  id: z.string().uuid(),
  status: SaleStatus,
  documentNumber: z.number().int().nullable(),
  series: z.string().nullable(),
  openedAt: z.string(),
  finalizedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  operator: Operator,
  customerCpf: z.string().nullable(),
  lines: z.array(SaleLine),
  payments: z.array(Payment),
  totals: SaleTotals,
});
export type Sale = z.infer<typeof Sale>;

export const SaleSummary = z.object({
  id: z.string(),
  status: SaleStatus,
  documentNumber: z.number().int().nullable(),
  series: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  operatorName: z.string(),
  netCents: z.number().int(),
  itemCount: z.number().int(),
});
export type SaleSummary = z.infer<typeof SaleSummary>;

/** The last finished sale, while no item was scanned since (the post-sale box after a reload). */
export const LastFinalized = z.object({
  id: z.string(),
  number: z.number().int().nullable(),
  series: z.string().nullable(),
  changeCents: z.number().int(),
  netCents: z.number().int(),
});
export type LastFinalized = z.infer<typeof LastFinalized>;

const Money = z.number().int().min(0).max(100_000_000_00);
const LineRef = z.object({ lineId: z.number().int() });
/** A discount is given in reais OR in percent: exactly one of the two, never both (nothing silently preferred). */
const exactlyOneDiscount = (d: { cents?: number; basisPoints?: number }) => (d.cents === undefined) !== (d.basisPoints === undefined);
const ONE_DISCOUNT = { message: 'Informe o desconto em reais ou em percentual, um dos dois.', path: ['cents'] };

export const salesApi = {
  /** The open sale (restored after a crash), or a new empty one. */
  'sales.current': method(Empty, Sale, SESSION),
  /** What the scanner or the cashier typed: "7891234567895" or "3*7891234567895". */
  /** `confirmLarge`: the cashier confirmed a quantity/line total above the limits ('line.needsConfirmation'). */
  'sales.scan': method(z.object({ text: z.string().min(1).max(80), confirmLarge: z.boolean().optional() }), Sale, SESSION),
  'sales.addProduct': method(
    z.object({ code: z.number().int(), quantity: z.number().int().min(1).max(99_999), confirmLarge: z.boolean().optional() }),
    Sale,
    SESSION,
  ),
  'sales.setQuantity': method(LineRef.extend({ quantity: z.number().int().min(1).max(99_999), confirmLarge: z.boolean().optional() }), Sale, SESSION),
  'sales.removeLine': method(LineRef, Sale,
  approval('sale.removeItem', ['lineId'])),
  /** Item discount in cents or in percent (basis points: 1000 = 10%). */
  'sales.setLineDiscount': method(
    LineRef.extend({ cents: Money.optional(), basisPoints: z.number().int().min(0).max(10000).optional() }).refine(exactlyOneDiscount, ONE_DISCOUNT),
    Sale,
    SESSION,
  ),
  'sales.setSaleDiscount': method(
    z.object({ cents: Money.optional(), basisPoints: z.number().int().min(0).max(10000).optional() }).refine(exactlyOneDiscount, ONE_DISCOUNT),
    Sale,
    SESSION,
  ),
  'sales.addPayment': method(
    z.object({ formCode: PaymentFormCode, amountCents: Money.refine((v) => v > 0), receivedCents: Money.optional() }),
    Sale,
    SESSION,
  ),
  'sales.removePayment': method(z.object({ paymentId: z.number().int() }), Sale, SESSION),
  /**
   * Commits sale, lines and payments in one transaction; the next open sale starts empty.
   * A R$ 0,00 sale needs `withoutPayment: true` (the cashier confirmed): recorded with form 90 "Sem Pagamento".
   */
  'sales.finalize': method(z.object({ withoutPayment: z.boolean().optional() }).strict(), z.object({ sale: Sale, next: Sale }), SESSION),
  /** Empties the open sale (cancels an unfinished sale). */
  'sales.discard': method(Empty, Sale,
  approval('sale.discardOpen', [])),
  'sales.list': method(
    z.object({ status: SaleStatus.optional(), limit: z.number().int().min(1).max(500).default(50) }),
    z.array(SaleSummary),
    SESSION,
  ),
  'sales.get': method(z.object({ id: z.string() }), Sale, SESSION),
  /** The last finalized sale until the next item is scanned (null then): "Venda nº N finalizada" after a reload. */
  'sales.lastFinalized': method(Empty, LastFinalized.nullable(), SESSION),
};
