import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION, SETTINGS } from './access';

export const Product = z.object({
  code: z.number().int(),
  description: z.string(),
  priceCents: z.number().int(),
  unit: z.string(),
  /** Sold in fractions: quantities with three decimals (a KG price is per kg). */
  fractional: z.boolean(),
  eans: z.array(z.string()),
});
export type Product = z.infer<typeof Product>;

export const ImportReport = z.object({
  total: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  errorCount: z.number().int(),
  /** Not errors: an EAN that moved from one product to another (the line was imported). */
  warnings: z.array(z.object({ line: z.number().int(), message: z.string() })),
  warningCount: z.number().int(),
  millis: z.number(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** "Consulta de preço": a code looked up without adding anything. */
export const PriceCheck = z.object({
  code: z.number().int(),
  description: z.string(),
  unit: z.string(),
  fractional: z.boolean(),
  priceCents: z.number().int(),
  ean: z.string(),
  /** A scale label: the weight (thousandths) and total it carries. */
  label: z.object({ quantity: z.number().int(), totalCents: z.number().int() }).nullable(),
});
export type PriceCheck = z.infer<typeof PriceCheck>;

export const catalogApi = {
  /** Exact lookup by internal code or EAN (what the scanner types). */
  'catalog.lookup': method(z.object({ code: z.string().min(1).max(64) }), Product.nullable(), SESSION),
  /** Name search (FTS5), accent-insensitive prefix match. */
  'catalog.search': method(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }),
    z.array(Product),
    SESSION,
  ),
  /** Import a CSV sent as base64 (the file picker in the renderer reads it). */
  'catalog.import': method(
    z.object({ fileName: z.string().max(260), contentBase64: z.string() }),
    ImportReport,
    SETTINGS,
  ),
  /** Import a CSV uploaded to the browser host (POST /upload, streamed to a file): big files without base64. */
  'catalog.importUpload': method(z.object({ uploadId: z.string().max(64), fileName: z.string().max(260) }), ImportReport, SETTINGS),
  'catalog.stats': method(Empty, z.object({ products: z.number().int(), eans: z.number().int() }), SESSION),
  /** "Consulta de preço": name, price, unit and, for a scale label, its weight and total; adds nothing. */
  'catalog.priceCheck': method(z.object({ text: z.string().min(1).max(80) }), PriceCheck, SESSION),
};
