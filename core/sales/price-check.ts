import type { PriceCheck } from '../../shared/api/catalog';
import type { SalesService } from './service';

/** "Consulta de preço": what a scan would add to the sale (a weighed label's quantity and total), without adding it. */
export function priceCheck(sales: SalesService, text: string): PriceCheck {
  const plan = sales.resolveScan(text);
  const p = plan.product;
  const label = plan.kind === 'label' ? { quantity: plan.quantity, totalCents: plan.fixedGrossCents ?? sales.grossOf(plan.quantity, p.priceCents) } : null;
  return { code: p.code, description: p.description, unit: p.unit, fractional: p.fractional, priceCents: p.priceCents, ean: p.ean, label };
}
