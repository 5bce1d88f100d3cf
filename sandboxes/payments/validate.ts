import type { SandboxOrder } from './state';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A decimal amount in reais with at most 2 decimals → cents; anything else is a 400. */
export function toCents(v: unknown, field: string, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiFailure(400, `${field} must be a number`);
  const cents = Math.round(v * 100);
  if (Math.abs(cents - v * 100) > 1e-6) throw new ApiFailure(400, `${field} must have at most 2 decimal places`);
  if (cents < 0 || (!allowZero && cents === 0)) throw new ApiFailure(400, `${field} must be greater than zero`);
  if (cents > 100_000_000_00) throw new ApiFailure(400, `${field} is too large`);
  return cents;
}

export interface ParsedOrder {
  order_ref: string;
  wallet: string;
  totalCents: number;
  items: SandboxOrder['items'];
}

/** POST /order body, strictly: unknown wallet → 400; items not adding up to total → 422. */
export function parseOrder(body: unknown, wallets: string[]): ParsedOrder {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiFailure(400, 'Body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.order_ref !== 'string' || !b.order_ref.trim() || b.order_ref.length > 100) throw new ApiFailure(400, 'order_ref is required (string, up to 100 chars)');
  if (typeof b.wallet !== 'string' || !b.wallet) throw new ApiFailure(400, 'wallet is required');
  if (!wallets.includes(b.wallet)) throw new ApiFailure(400, `wallet not enabled for this store: ${b.wallet}`);
  const totalCents = toCents(b.total, 'total');
  if (!Array.isArray(b.items) || b.items.length === 0) throw new ApiFailure(400, 'items must be a non-empty array');
  let sum = 0;
  const items = b.items.map((raw, i) => {
    const it = raw as Record<string, unknown>;
    if (!it || typeof it !== 'object') throw new ApiFailure(400, `items[${i}] must be an object`);
    if (typeof it.item_title !== 'string' || !it.item_title.trim()) throw new ApiFailure(400, `items[${i}].item_title is required`);
    if (typeof it.quantity !== 'number' || !Number.isFinite(it.quantity) || it.quantity <= 0) throw new ApiFailure(400, `items[${i}].quantity must be > 0`);
    const unit = toCents(it.unit_price, `items[${i}].unit_price`, true);
    sum += Math.round(unit * it.quantity);
    if (it.ean !== undefined && typeof it.ean !== 'string') throw new ApiFailure(400, `items[${i}].ean must be a string`);
    if (it.sku !== undefined && typeof it.sku !== 'string') throw new ApiFailure(400, `items[${i}].sku must be a string`);
    return { item_title: it.item_title, quantity: it.quantity, unit_price: unit / 100, ...(it.ean ? { ean: it.ean } : {}), ...(it.sku ? { sku: it.sku } : {}) };
  });
  if (sum !== totalCents) throw new ApiFailure(422, `Items total (${(sum / 100).toFixed(2)}) does not match order total (${(totalCents / 100).toFixed(2)})`);
  if (b.buyer !== undefined && (typeof b.buyer !== 'object' || b.buyer === null)) throw new ApiFailure(400, 'buyer must be an object');
  return { order_ref: b.order_ref, wallet: b.wallet, totalCents, items };
}
