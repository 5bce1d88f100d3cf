import type { Db } from '../db/open';

export type AttemptStatus =
  | 'creating'
  | 'unknown'
  | 'pending'
  | 'approved'
  | 'expired'
  | 'cancelling'
  | 'cancelled'
  | 'refund_pending'
  | 'refunded'
  | 'partial_refunded'
  | 'failed';

/** Statuses the watcher polls (after a restart too). */
export const WATCHED: AttemptStatus[] = ['creating', 'unknown', 'pending', 'refund_pending'];
/** Statuses where the charge may still be paid: cancel on abandon / other tender. */
export const OPEN: AttemptStatus[] = ['creating', 'unknown', 'pending'];

export interface Attempt {
  id: number;
  order_ref: string;
  sale_id: string;
  form_code: number;
  wallet: string | null;
  amount_cents: number;
  status: AttemptStatus;
  order_id: string | null;
  qr_code_text: string | null;
  wallet_payment_id: string | null;
  payment_id: number | null;
  refunded_cents: number;
  last_error: string | null;
  expires_at: string | null;
  paid_at: string | null;
  last_lookup_ms: number | null;
  created_at: string;
  updated_at: string;
}

/** payment_orders: one row per attempt (QR), written before the first network call. */
export class AttemptsRepo {
  private readonly q;
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO payment_orders (order_ref, sale_id, form_code, amount_cents, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'creating', ?, ?)`,
      ),
      get: db.prepare<[number], Attempt>(`SELECT * FROM payment_orders WHERE id = ?`),
      forSale: db.prepare<[string], Attempt>(`SELECT * FROM payment_orders WHERE sale_id = ? ORDER BY id`),
      watched: db.prepare<[], Attempt>(`SELECT * FROM payment_orders WHERE status IN ('creating', 'unknown', 'pending', 'refund_pending') ORDER BY id`),
    };
  }

  create(saleId: string, formCode: number, amountCents: number, orderRef: string): Attempt {
    const at = this.now().toISOString();
    const id = Number(this.q.insert.run(orderRef, saleId, formCode, amountCents, at, at).lastInsertRowid);
    return this.get(id)!;
  }

  get(id: number): Attempt | null {
    return this.q.get.get(id) ?? null;
  }

  forSale(saleId: string): Attempt[] {
    return this.q.forSale.all(saleId);
  }

  watched(): Attempt[] {
    return this.q.watched.all();
  }

  update(id: number, patch: Partial<Omit<Attempt, 'id' | 'order_ref' | 'sale_id' | 'created_at'>>): Attempt {
    const keys = Object.keys(patch);
    const sets = [...keys.map((k) => `${k} = @${k}`), 'updated_at = @updated_at'].join(', ');
    this.db.prepare(`UPDATE payment_orders SET ${sets} WHERE id = @id`).run({ ...patch, updated_at: this.now().toISOString(), id });
    return this.get(id)!;
  }
}
