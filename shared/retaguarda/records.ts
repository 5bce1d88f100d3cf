import { z } from 'zod';

/**
 * What a till sends to the Retaguarda (POST /v1/till/ingest) and receives from it (changes, snapshot).
 * Shared by the server and the till's `retaguarda` outbox channel. Money in integer cents; instants ISO 8601
 * with offset; every record carries the till's id and its own UUID (the idempotency key: fixed when the
 * record was created on the till — a sale's UUID, or a stable UUID derived from a local id).
 */
export const MAX_BATCH = 200;

const Uuid = z.string().uuid();
const Instant = z.string().datetime({ offset: true });
const Cents = z.number().int().min(-1e13).max(1e13);
const NonNeg = z.number().int().min(0).max(1e13);
const Text = (max: number) => z.string().max(max);

export const SaleLineRecord = z.object({
  order: z.number().int().min(0),
  productCode: z.number().int(),
  ean: Text(14),
  description: Text(200),
  unit: Text(10),
  quantity: z.number().int().min(1).max(1e9),
  unitPriceCents: NonNeg,
  grossCents: NonNeg,
  discountCents: NonNeg,
  surchargeCents: NonNeg,
  netCents: NonNeg,
});

export const SalePaymentRecord = z.object({
  formCode: z.number().int().min(1).max(99),
  amountCents: NonNeg,
  receivedCents: NonNeg,
  changeCents: NonNeg,
  reference: Text(200).nullable(),
  /** PIX: the payment API's last known status and the end-to-end id (panel: "status do PIX"). */
  pixStatus: Text(40).nullable().default(null),
  pixEndToEnd: Text(64).nullable().default(null),
  /** Card tenders: what the cashier typed from the card machine's slip (absent from older tills). */
  card: z
    .object({
      brand: Text(40).nullable(),
      installments: z.number().int().min(1).max(12).nullable(),
      nsu: Text(20).nullable(),
      authorization: Text(12).nullable(),
    })
    .nullable()
    .default(null),
});

/**
 * A sale's loyalty effects and their outcomes as the till knows them at `asOf` (the hub's answers, read from
 * the till's outbox): the sale record carries it, and a `loyalty` record replaces it when a hub answer comes
 * later (a bonus generated after the sale was sent). Summed by the panel ("Fidelidade": resgatado, bônus).
 */
export const SaleLoyalty = z.object({
  asOf: Instant,
  redeemedCents: NonNeg,
  bonusCents: NonNeg,
  reversedRedeemedCents: NonNeg,
  reversedBonusCents: NonNeg,
  effects: z
    .array(
      z.object({
        kind: Text(40),
        label: Text(60),
        status: Text(20),
        bonusCents: Cents.nullable(),
        reversedUsedCents: Cents.nullable(),
        reversedBonusCents: Cents.nullable(),
        balanceCents: Cents.nullable(),
        campaign: Text(200).nullable(),
        message: Text(500).nullable(),
        at: Instant.nullable(),
      }),
    )
    .max(20),
});
export type SaleLoyalty = z.infer<typeof SaleLoyalty>;

export const SaleRecord = z.object({
  kind: z.literal('sale'),
  id: Uuid,
  tillId: Uuid,
  number: z.number().int().nullable(),
  series: Text(10).nullable(),
  openedAt: Instant,
  finalizedAt: Instant,
  operatorName: Text(100),
  shiftId: Uuid.nullable(),
  customerCpf: z.string().regex(/^\d{11}$/).nullable(),
  totals: z.object({
    grossCents: NonNeg,
    itemDiscountCents: NonNeg,
    saleDiscountCents: NonNeg,
    redemptionCents: NonNeg,
    surchargeCents: NonNeg,
    netCents: NonNeg,
  }),
  lines: z.array(SaleLineRecord).min(1).max(2000),
  payments: z.array(SalePaymentRecord).max(50),
  /**
   * The receipt as the till printed it: the ESC/POS bytes of its first sale print job (base64), or — no
   * receipt printed (automatic print off) — the bytes it would print; decoded on the server by the till's
   * own decoder (core/printing/decoder.ts) into the same preview the till shows.
   */
  receipt: z
    .object({ escpos: z.string().max(400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/), columns: z.number().int().min(16).max(80), printed: z.boolean() })
    .nullish(),
  /** Loyalty effects and their outcomes as the till knows them (the hub's answers), free-form but bounded. */
  loyalty: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type SaleRecord = z.infer<typeof SaleRecord>;

export const CancellationRecord = z.object({
  kind: z.literal('cancellation'),
  id: Uuid,
  tillId: Uuid,
  saleId: Uuid,
  cancelledAt: Instant,
  reason: Text(500),
  cancelledBy: Text(100),
  approvedBy: Text(100).nullable(),
});
export type CancellationRecord = z.infer<typeof CancellationRecord>;

export const ShiftRecord = z.object({
  kind: z.literal('shift'),
  id: Uuid,
  tillId: Uuid,
  openedAt: Instant,
  openedBy: Text(100),
  openingFloatCents: NonNeg,
  closedAt: Instant.nullable(),
  closedBy: Text(100).nullable(),
  closing: z
    .array(z.object({ formCode: z.number().int(), expectedCents: Cents, countedCents: Cents, differenceCents: Cents }))
    .max(50)
    .nullable(),
  movements: z
    .array(
      z.object({
        id: Uuid,
        kind: z.enum(['suprimento', 'sangria']),
        amountCents: NonNeg,
        reason: Text(500),
        at: Instant,
        by: Text(100),
      }),
    )
    .max(1000),
});
export type ShiftRecord = z.infer<typeof ShiftRecord>;

export const AuditRecord = z.object({
  kind: z.literal('audit'),
  id: Uuid,
  tillId: Uuid,
  at: Instant,
  action: Text(60),
  actor: Text(100),
  approver: Text(100).nullable(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** A hub answer that came after the sale was sent: the sale's whole loyalty state, newer `asOf` wins. */
export const LoyaltyRecord = z.object({
  kind: z.literal('loyalty'),
  id: Uuid,
  tillId: Uuid,
  saleId: Uuid,
  loyalty: SaleLoyalty,
});
export type LoyaltyRecord = z.infer<typeof LoyaltyRecord>;

export const TillRecord = z.discriminatedUnion('kind', [SaleRecord, CancellationRecord, ShiftRecord, AuditRecord, LoyaltyRecord]);
export type TillRecord = z.infer<typeof TillRecord>;

export const IngestBatch = z
  .object({
    records: z.array(TillRecord).min(1).max(MAX_BATCH),
    /** The till's outbox position of the last record (monitoring: how far the server has heard). */
    seq: z.number().int().min(0).optional(),
  })
  .strict();
export type IngestBatch = z.infer<typeof IngestBatch>;

export const IngestResult = z.object({
  applied: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(z.object({ id: Uuid, status: z.enum(['aplicado', 'duplicado']) })),
});
export type IngestResult = z.infer<typeof IngestResult>;

// ---- down ----

export const ProductChange = z.object({
  code: z.number().int(),
  description: z.string(),
  priceCents: z.number().int(),
  unit: z.string(),
  eans: z.array(z.string()),
  active: z.boolean(),
  seq: z.number().int(),
});
export const UserChange = z.object({
  id: Uuid,
  name: z.string(),
  role: z.enum(['caixa', 'gerente']),
  pinHash: z.string(),
  pinSalt: z.string(),
  active: z.boolean(),
  seq: z.number().int(),
});
export const SettingChange = z.object({ key: z.string(), value: z.unknown(), seq: z.number().int() });

/** GET /v1/till/changes?after=<cursor> */
export const ChangesPage = z.object({
  products: z.array(ProductChange),
  users: z.array(UserChange),
  settings: z.array(SettingChange),
  /** Pass as `after` next time (every change up to it is in this page or earlier ones). */
  cursor: z.number().int(),
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPage>;

/**
 * GET /v1/till/snapshot?afterCode=<code> — the catalog in pages by code; the first page (no afterCode) also
 * carries every user and setting. Then the till pulls changes from the FIRST page's cursor.
 */
export const SnapshotPage = z.object({
  products: z.array(ProductChange),
  users: z.array(UserChange),
  settings: z.array(SettingChange),
  /** The store's cursor before this page was read: after the last page, pull changes from the FIRST page's cursor. */
  cursor: z.number().int(),
  nextAfterCode: z.number().int().nullable(),
});
export type SnapshotPage = z.infer<typeof SnapshotPage>;
