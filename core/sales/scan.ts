import { hasWrongCheckDigit } from '../../shared/ean';
import { formatQuantity, isWholeQuantity, parseQuantity, THOUSANDTHS } from '../../shared/quantity';
import { resolveScaleLabel, type ScaleLabelLayout } from '../../shared/scale-label';
import { AppError } from '../kernel/errors';
import type { CatalogRepo, ScannedProduct } from '../catalog/repo';
import { lineTotalOf } from './rows';

/** Units; quantities are thousandths of them. */
const MAX_QUANTITY = 99_999;

/** What a scan resolved to before it becomes a line. */
export type ScanPlan =
  /** A product: `quantity` in thousandths, null when none was typed (a fractional product then needs a weight). */
  | { kind: 'product'; product: ScannedProduct; quantity: number | null }
  /** A scale label: weight and total decided by the label. */
  | { kind: 'label'; product: ScannedProduct; quantity: number; fixedGrossCents: number | null };

/**
 * "3*7891234567895" → { quantity: 3000, code }, "0,350*7891234567895" → { quantity: 350, code },
 * "7891234567895" → { quantity: null, code } (thousandths; null = none typed). Throws the cashier's message
 * for a quantity that is not one (more than 3 decimals, ambiguous, zero, above the limit).
 */
export function parseScan(text: string): { quantity: number | null; code: string } | null {
  const m = /^\s*(?:([\d.,]{1,12})\s*[*xX]\s*)?(\d{1,14})\s*$/.exec(text);
  if (!m) return null;
  if (m[1] === undefined) return { quantity: null, code: m[2] };
  const q = parseQuantity(m[1]);
  if (!q.ok) throw new AppError('scan.quantity', q.message);
  if (q.thousandths > MAX_QUANTITY * THOUSANDTHS) {
    throw new AppError('scan.quantity', `Quantidade ${m[1]} fora do limite: use até ${MAX_QUANTITY.toLocaleString('pt-BR')}.`);
  }
  return { quantity: q.thousandths, code: m[2] };
}

/** A whole number of units for a product that is not fractional; the cashier's message otherwise. */
export function checkQuantityFor(product: { unit: string; fractional: boolean }, quantity: number): void {
  if (product.fractional || isWholeQuantity(quantity)) return;
  throw new AppError(
    'quantity.notFractional',
    `Este produto é vendido por unidade (${product.unit}): informe uma quantidade inteira (${formatQuantity(quantity, true)} não serve).`,
  );
}

/**
 * What a scanned or typed code is, without adding anything: a scale label (weight and total from the
 * label), or a product with the quantity typed before `*` (null when none was). Throws the cashier's
 * message for an unknown code, a bad check digit, an unknown PLU or a fraction of a `UN` product.
 */
export function resolveScan(text: string, catalog: CatalogRepo, layout: ScaleLabelLayout): ScanPlan {
  const parsed = parseScan(text);
  if (!parsed) {
    throw new AppError('scan.invalid', `Código inválido: "${text.trim()}". Use o código ou EAN, ou quantidade*código (ex.: 3*7891234567895 ou 0,350*7891234567895).`);
  }
  const label = resolveScaleLabel(parsed.code, layout, (plu) => {
    const n = Number(plu);
    return n > 0 ? catalog.labelLookup(n, parsed.code) : null;
  });
  if (label.kind === 'line') {
    if (parsed.quantity !== null) {
      throw new AppError('scan.labelQuantity', 'Etiqueta de balança já traz o peso e o preço: leia a etiqueta sem quantidade.');
    }
    const product = label.product;
    const fixed = label.line.totalCents;
    return { kind: 'label', product, quantity: label.line.quantity, fixedGrossCents: fixed === lineTotalOf(label.line.quantity, product.priceCents) ? null : fixed };
  }
  const product = catalog.scanLookup(parsed.code);
  if (!product) {
    // A code with the label prefix that is not a label of ours (bad check digit, unknown PLU), nor a product's EAN.
    if (label.kind === 'invalid') throw new AppError('scan.label', label.message);
    if (hasWrongCheckDigit(parsed.code)) throw new AppError('scan.badCheckDigit', `EAN inválido (dígito verificador): ${parsed.code}`);
    throw new AppError('product.notFound', `Produto não encontrado: ${parsed.code}`);
  }
  if (parsed.quantity !== null) checkQuantityFor(product, parsed.quantity);
  return { kind: 'product', product, quantity: parsed.quantity };
}

/** A fractional product scanned or picked without a quantity: its weight comes from the scale or the cashier. */
export function weightNeeded(p: ScannedProduct): AppError {
  return new AppError('scale.weightNeeded', `Informe o peso de ${p.description}.`, {
    productCode: p.code,
    description: p.description,
    unit: p.unit,
    priceCents: p.priceCents,
  });
}
