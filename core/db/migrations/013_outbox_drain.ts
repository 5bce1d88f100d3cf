import type { Migration } from './types';

const OPEN = `('pending', 'sending', 'retrying', 'attention')`;

/**
 * A sale's loyalty flags (bit 1: bonus delivered; 2: bonus still to go; 4: a
 * reversal still to go) computed from THAT sale's outbox rows only: one pass
 * over the two to four rows `outbox_sale (sale_id, seq)` finds.
 */
export const LOYALTY_FLAGS_OF = (saleId: string) => `coalesce((
  SELECT max(CASE WHEN o.kind = 'hub.GerarBonus' AND o.status = 'done' THEN 1 ELSE 0 END)
       | max(CASE WHEN o.kind = 'hub.GerarBonus' AND o.status IN ${OPEN} THEN 2 ELSE 0 END)
       | max(CASE WHEN o.kind = 'hub.EstornarVenda' AND o.status IN ${OPEN} THEN 4 ELSE 0 END)
  FROM outbox o WHERE o.sale_id = ${saleId}), 0)`;

/**
 * The long-outage drain (issue 10) slowed down as it went: every status change
 * of a GerarBonus row fired 008's flag trigger, whose `kind = … AND status =
 * 'done'` subquery SQLite answered through `outbox_kind_sale (kind, status)`
 * — i.e. by walking EVERY delivered bonus — and every claim and answer paid
 * for two indexes nothing needs. So:
 * - `outbox_kind_sale` is dropped (no query needs it; with it gone the flag
 *   subquery can only use the per-sale index) and `outbox_due` too (012's
 *   `outbox_status_next (status, next_attempt_ms)` is the same key, unpartial);
 * - the flag triggers fire only when a row crosses open ↔ closed (a claim,
 *   pending → sending, or a retry changes no flag) and write the sale only
 *   when its flags really change (each write also moves the sale in the back
 *   office's loyalty indexes).
 */
export const m013OutboxDrain: Migration = {
  version: 13,
  name: 'outbox_drain',
  up(db) {
    const flags = LOYALTY_FLAGS_OF('NEW.sale_id');
    db.exec(`
      DROP INDEX IF EXISTS outbox_kind_sale;
      DROP INDEX IF EXISTS outbox_due;
      DROP TRIGGER IF EXISTS outbox_loyalty_ins;
      DROP TRIGGER IF EXISTS outbox_loyalty_upd;
      CREATE TRIGGER outbox_loyalty_ins AFTER INSERT ON outbox
        WHEN NEW.sale_id IS NOT NULL AND NEW.kind IN ('hub.GerarBonus', 'hub.EstornarVenda')
      BEGIN
        UPDATE sales SET loyalty_flags = ${flags} WHERE id = NEW.sale_id AND loyalty_flags IS NOT ${flags};
      END;
      CREATE TRIGGER outbox_loyalty_upd AFTER UPDATE OF status ON outbox
        WHEN NEW.sale_id IS NOT NULL AND NEW.kind IN ('hub.GerarBonus', 'hub.EstornarVenda')
          AND (OLD.status IN ${OPEN}) IS NOT (NEW.status IN ${OPEN})
      BEGIN
        UPDATE sales SET loyalty_flags = ${flags} WHERE id = NEW.sale_id AND loyalty_flags IS NOT ${flags};
      END;
    `);
  },
};
