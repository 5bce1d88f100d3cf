import type { LoyaltyRecord, SaleLoyalty } from '../../shared/retaguarda/records';
import type { Db } from '../db/open';
import { loyaltyEffects } from '../sales-query/detail';
import { derivedUuid } from './ids';

/** The hub operations whose outcome the server hears about (the query for campaigns and a registration are not effects). */
const EFFECT_KINDS = ['hub.ResgatarSaldo', 'hub.GerarBonus', 'hub.EstornarVenda'];
const IN_KINDS = EFFECT_KINDS.map((k) => `'${k}'`).join(', ');
/** How far before the last delivered hub answer a scan looks again (a clock set back a little). */
const MARGIN_MS = 10 * 60_000;
const MARK = 'retaguarda.loyaltyFrom';

const iso = (t: string | null) => (t ? new Date(t).toISOString() : null);

/**
 * The sale's loyalty effects and outcomes as this till knows them now (the hub's answers in the outbox):
 * redeemed = the balance given as discount at the counter; bonus = what GerarBonus confirmed; reversals =
 * what EstornarVenda gave back. Null for a sale without loyalty.
 */
export function saleLoyalty(db: Db, saleId: string, redemptionCents: number, asOf: Date): SaleLoyalty | null {
  const effects = loyaltyEffects(db, saleId).filter((e) => EFFECT_KINDS.includes(e.kind));
  if (!effects.length && redemptionCents === 0) return null;
  const sum = (kind: string, f: (e: (typeof effects)[number]) => number | null) =>
    effects.filter((e) => e.kind === kind && e.status === 'done').reduce((n, e) => n + Math.max(0, f(e) ?? 0), 0);
  return {
    asOf: asOf.toISOString(),
    redeemedCents: redemptionCents,
    bonusCents: sum('hub.GerarBonus', (e) => e.bonusCents),
    reversedRedeemedCents: sum('hub.EstornarVenda', (e) => e.reversedUsedCents),
    reversedBonusCents: sum('hub.EstornarVenda', (e) => e.reversedBonusCents),
    effects: effects.slice(0, 20).map((e) => ({
      kind: e.kind.slice(0, 40),
      label: e.label.slice(0, 60),
      status: e.status.slice(0, 20),
      bonusCents: e.bonusCents,
      reversedUsedCents: e.reversedUsedCents,
      reversedBonusCents: e.reversedBonusCents,
      balanceCents: e.balanceCents,
      campaign: e.campaign?.slice(0, 200) ?? null,
      message: e.message?.slice(0, 500) ?? null,
      at: iso(e.doneAt),
    })),
  };
}

/**
 * Hub answers of sales already queued for the server, not yet told to it: each final state of a hub
 * operation (done, or needing attention) is told once — in the sale record when it was known by then,
 * otherwise in a `loyalty` record with the sale's whole loyalty state. Runs inside the scan's transaction.
 */
export class LoyaltyUpdates {
  private readonly q;

  constructor(private readonly db: Db, private readonly ns: string) {
    const unsent = `AND o.sale_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'sale' AND q.local_ref = o.sale_id)
        AND NOT EXISTS (SELECT 1 FROM retaguarda_queued q WHERE q.kind = 'loyalty' AND q.local_ref = o.op_id || ':' || o.status)`;
    this.q = {
      // Delivered answers from a high-water mark on done_at (outbox_history), plus the few needing attention.
      fresh: db.prepare<[string, number], { op_id: string; status: string; sale_id: string; done_at: string | null }>(
        `SELECT * FROM (SELECT o.op_id, o.status, o.sale_id, o.done_at FROM outbox o
            WHERE o.status = 'done' AND o.done_at >= ? AND o.kind IN (${IN_KINDS}) ${unsent}
          UNION ALL
          SELECT o.op_id, o.status, o.sale_id, o.done_at FROM outbox o
            WHERE o.status = 'attention' AND o.kind IN (${IN_KINDS}) ${unsent})
         LIMIT ?`,
      ),
      finals: db.prepare<[string], { op_id: string; status: string }>(
        `SELECT op_id, status FROM outbox WHERE sale_id = ? AND kind IN (${IN_KINDS}) AND status IN ('done', 'attention')`,
      ),
      redemption: db.prepare<[string], { v: number }>(`SELECT redemption_cents AS v FROM sales WHERE id = ?`),
      mark: db.prepare<[string, string]>(`INSERT OR IGNORE INTO retaguarda_queued(record_id, kind, local_ref) VALUES (?, 'loyalty', ?)`),
      getMark: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setMark: db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
  }

  private markRef(ref: string): void {
    this.q.mark.run(derivedUuid(this.ns, 'loyalty-ref', ref), ref);
  }

  /** The sale record was just built: its hub answers known by now travel in it. */
  sentWithSale(saleId: string): void {
    for (const r of this.q.finals.all(saleId)) this.markRef(`${r.op_id}:${r.status}`);
  }

  /** `loyalty` records for answers that came after their sale was queued (at most `limit` answers). */
  records(tillId: string, limit: number, now: Date): LoyaltyRecord[] {
    const from = this.q.getMark.get(MARK)?.value ?? '';
    const rows = this.q.fresh.all(from, limit);
    const bySale = new Map<string, string[]>();
    let last = '';
    for (const r of rows) {
      const ref = `${r.op_id}:${r.status}`;
      bySale.set(r.sale_id, [...(bySale.get(r.sale_id) ?? []), ref]);
      if (r.done_at && r.done_at > last) last = r.done_at;
    }
    if (last) this.q.setMark.run(MARK, new Date(Date.parse(last) - MARGIN_MS).toISOString());
    const out: LoyaltyRecord[] = [];
    for (const [saleId, refs] of bySale) {
      const loyalty = saleLoyalty(this.db, saleId, this.q.redemption.get(saleId)?.v ?? 0, now);
      for (const ref of refs) this.markRef(ref);
      if (!loyalty) continue;
      out.push({ kind: 'loyalty', id: derivedUuid(this.ns, 'loyalty', refs.sort().join(',')), tillId, saleId, loyalty });
    }
    return out;
  }
}
