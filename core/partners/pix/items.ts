import type { Sale } from '../../../shared/api/sales';
import { formatQuantity } from '../../../shared/quantity';
import type { CreateOrderInput } from './client';

/**
 * The order's items for `amountCents` of the sale: the amount is spread over
 * the lines in proportion to what each line costs after its own discount
 * (largest remainder), which spreads sale discounts, redemptions and, for a
 * split tender, the part paid by PIX — the items add up to the amount exactly,
 * to the cent. A line keeps its quantity (in units) when its share divides evenly;
 * otherwise it goes as one item "3 x Arroz"; a fractional line always goes as one item "0,350 KG x Queijo".
 */
export function orderItems(sale: Pick<Sale, 'lines'>, amountCents: number): CreateOrderInput['items'] {
  const lines = sale.lines.filter((l) => l.netCents > 0);
  const weight = lines.reduce((s, l) => s + l.netCents, 0);
  if (lines.length === 0 || weight <= 0) return [{ title: 'Venda', quantity: 1, unitCents: amountCents }];
  const raw = lines.map((l) => (amountCents * l.netCents) / weight);
  const shares = raw.map(Math.floor);
  let left = amountCents - shares.reduce((s, v) => s + v, 0);
  const order = raw.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) shares[order[k].i] += 1;
  const items: CreateOrderInput['items'] = [];
  lines.forEach((l, i) => {
    const cents = shares[i];
    if (cents <= 0) return;
    const title = l.description.slice(0, 120) || `Produto ${l.productCode}`;
    const units = l.fractional ? 0 : l.quantity / 1000;
    if (units > 0 && Number.isInteger(units) && cents % units === 0) items.push({ title, quantity: units, unitCents: cents / units, ean: l.ean || undefined, sku: String(l.productCode) });
    else {
      const qty = l.fractional ? `${formatQuantity(l.quantity, true)} ${l.unit}` : formatQuantity(l.quantity, false);
      items.push({ title: `${qty} x ${title}`.slice(0, 120), quantity: 1, unitCents: cents, ean: l.ean || undefined, sku: String(l.productCode) });
    }
  });
  return items;
}
