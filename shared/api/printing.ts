import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS } from './access';

/** Printer command sets node-thermal-printer speaks (the receipt preview decodes ESC/POS). */
/** ESC/POS (Epson and compatibles: Elgin, Bematech, Daruma/Tanca in ESC/POS mode), Star Line Mode, Tanca, Custom. */
export const PrinterType = z.enum(['EPSON', 'STAR', 'TANCA', 'CUSTOM']);
export type PrinterType = z.infer<typeof PrinterType>;

/** PC860 (Portuguese) is what Brazilian ESC/POS printers ship with; WPC1252 and PC850 are options. */
export const PrinterCharset = z.enum(['PC860_PORTUGUESE', 'WPC1252', 'PC850_MULTILINGUAL']);
export type PrinterCharset = z.infer<typeof PrinterCharset>;

/** The printer ports a store uses: raw ESC/POS (9100–9109), LPD (515), IPP (631). */
export const DEFAULT_TCP_PORTS = '9100-9109, 515, 631';

export const PrinterSettings = z.object({
  type: PrinterType,
  /** `tcp://host:9100`, a device path (`/dev/usb/lp0`), or `printer:Nome da impressora` (Windows). Empty = the embedded virtual printer. */
  interface: z.string().max(300),
  /** TCP ports a `tcp://` address may use ("9100-9109, 515, 631"): receipt bytes never go to another service (ssh, a database…). */
  tcpPorts: z.string().max(100).default(DEFAULT_TCP_PORTS),
  paperMm: z.union([z.literal(58), z.literal(80)]),
  characterSet: PrinterCharset,
  cut: z.boolean(),
  /** Kick the cash drawer after a sale paid (partly) in cash. */
  drawerPulse: z.boolean(),
  /** Print the sale receipt automatically after "Finalizar". */
  autoPrint: z.boolean(),
  /** Print the sale number as a CODE128 barcode. */
  barcode: z.boolean(),
  /** Ask the printer its status (DLE EOT) before and after each job. */
  statusCheck: z.boolean(),
  /** Receipt header. */
  storeName: z.string().max(60),
  storeCnpj: z.string().max(20),
  storeAddress: z.string().max(200),
});
export type PrinterSettings = z.infer<typeof PrinterSettings>;

export const PrintJobKind = z.enum(['sale', 'loyalty', 'cancellation', 'test', 'shift', 'cash']);
export type PrintJobKind = z.infer<typeof PrintJobKind>;
export const PrintJobStatus = z.enum(['queued', 'printing', 'done', 'failed']);
export type PrintJobStatus = z.infer<typeof PrintJobStatus>;

export const PrintJob = z.object({
  id: z.number().int(),
  kind: PrintJobKind,
  saleId: z.string().nullable(),
  /** "Venda 1-000012" — what the job is, for people. */
  title: z.string(),
  status: PrintJobStatus,
  attempts: z.number().int(),
  /** pt-BR reason of the last failure. */
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  printedAt: z.string().nullable(),
  /** When the next automatic attempt happens (null = no automatic retry left). */
  nextAttemptAt: z.string().nullable(),
});
export type PrintJob = z.infer<typeof PrintJob>;

export const PreviewLine = z.object({
  /** 'text' = a printed line; the others mark what else the paper gets at that point. */
  kind: z.enum(['text', 'qr', 'barcode', 'image', 'cut', 'drawer']),
  text: z.string(),
  align: z.enum(['left', 'center', 'right']),
  bold: z.boolean(),
  underline: z.boolean(),
  doubleWidth: z.boolean(),
  doubleHeight: z.boolean(),
  invert: z.boolean(),
  columns: z.number().int(),
});
export type PreviewLine = z.infer<typeof PreviewLine>;

/** The receipt decoded from the very bytes the printer gets. */
export const ReceiptPreview = z.object({
  width: z.number().int(),
  lines: z.array(PreviewLine),
  cut: z.boolean(),
  drawer: z.boolean(),
  qrCodes: z.array(z.string()),
  barcodes: z.array(z.string()),
  unknownCommands: z.number().int(),
  bytes: z.number().int(),
});
export type ReceiptPreview = z.infer<typeof ReceiptPreview>;

/** What the hub's GerarBonus (and EstornarVenda) returned, in cents: the loyalty "Comprovante". */
export const LoyaltyReceiptData = z.object({
  saleId: z.string(),
  customerCpf: z.string().nullable(),
  customerName: z.string().nullable().default(null),
  /** ValorResgate: balance used as discount in this sale. */
  usedCents: z.number().int().min(0),
  /** SaldoBonusGeradoVenda: bonus generated for future sales. */
  bonusCents: z.number().int().min(0),
  /** SaldoBonusAtual: total balance available; null when the partner did not return it (never printed as R$ 0,00). */
  balanceCents: z.number().int().nullable(),
  campaign: z.object({ id: z.number().int(), description: z.string() }).nullable().default(null),
  /** MensagemComplementar. */
  message: z.string().nullable().default(null),
  transactionId: z.string().nullable().default(null),
  /** EstornarVenda result, when the sale's loyalty effects were reversed. */
  reversal: z
    .object({
      usedReversedCents: z.number().int(),
      generatedReversedCents: z.number().int(),
      balanceCents: z.number().int(),
      message: z.string().nullable(),
      at: z.string(),
    })
    .nullable()
    .default(null),
});
export type LoyaltyReceiptData = z.infer<typeof LoyaltyReceiptData>;
export type LoyaltyReceiptInput = z.input<typeof LoyaltyReceiptData>;

export const CancellationReceiptData = z.object({
  saleId: z.string(),
  reason: z.string().min(1).max(200),
  approver: z.string().min(1).max(80),
  cancelledAt: z.string(),
  /** Each reversal (payments, loyalty) and how it went, in pt-BR. */
  reversals: z.array(z.object({ label: z.string(), ok: z.boolean(), detail: z.string() })).default([]),
});
export type CancellationReceiptData = z.infer<typeof CancellationReceiptData>;
export type CancellationReceiptInput = z.input<typeof CancellationReceiptData>;

const SaleReceiptKind = z.enum(['sale', 'loyalty']);

export const printingApi = {
  'printing.getSettings': method(Empty, PrinterSettings, SETTINGS),
  'printing.saveSettings': method(PrinterSettings, PrinterSettings, SETTINGS),
  /** Prints a test page; resolves after the attempt (the job stays queued when it fails). */
  'printing.test': method(Empty, PrintJob, SETTINGS),
  /** "Imprimir comprovante" / "Reimprimir": the sale receipt (or its loyalty receipt). */
  'printing.printSale': method(z.object({ saleId: z.string(), kind: SaleReceiptKind.default('sale') }), PrintJob, SESSION),
  /** Decoded from the same bytes the printer would get. */
  'printing.preview': method(z.object({ saleId: z.string(), kind: SaleReceiptKind.default('sale') }), ReceiptPreview, SESSION),
  /** Which receipts exist for a sale (the loyalty one only after the loyalty flow printed it). */
  'printing.saleReceipts': method(z.object({ saleId: z.string() }), z.object({ sale: z.boolean(), loyalty: z.boolean() }), SESSION),
  'printing.queue': method(Empty, z.object({ pending: z.number().int(), jobs: z.array(PrintJob) }), SESSION),
  /** "Tentar novamente": one job, or every pending job when no id is given. */
  'printing.retry': method(z.object({ jobId: z.number().int().optional() }), z.object({ pending: z.number().int(), jobs: z.array(PrintJob) }), SESSION),
};

/** Events: a print job changed (the screen's queue indicator and messages). */
export const printingEvents = {
  'printing.job': PrintJob.extend({ message: z.string() }),
};
