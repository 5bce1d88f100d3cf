import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARLA } from '../../../test-support/hub-kit';
import { enqueueRoute, insertFinalizedSale } from '../../../test-support/hub-outbox-kit';
import { OutboxRepo } from '../../outbox/repo';
import { tempDir } from '../../../test-support/fixtures';
import { openDatabase } from '../open';
import { LOYALTY_FLAGS_OF } from './013_outbox_drain';

describe('migration 013 (outbox drain)', () => {
  it("computes a sale's loyalty flags from that sale's rows only (the per-sale index), whatever the history holds", () => {
    const db = openDatabase(path.join(tempDir(), 'balcao.db'));
    // The drain slowed down as it went because this subquery walked every delivered bonus (kind, status).
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT ${LOYALTY_FLAGS_OF('?')}`).all('x') as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('USING INDEX outbox_sale (sale_id=?)');
    const byKind = db.prepare(`SELECT name FROM pragma_index_list('outbox') l WHERE (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) = 'kind'`).all();
    expect(byKind).toEqual([]);
    db.close();
  });

  it('keeps the flags through a bonus and a reversal, writing the sale only when they change', () => {
    const db = openDatabase(path.join(tempDir(), 'balcao.db'));
    const repo = new OutboxRepo(db, () => new Date());
    const sale = insertFinalizedSale(db, { cpf: CARLA, documentNumber: 7 });
    const other = insertFinalizedSale(db, { cpf: CARLA, documentNumber: 8 });
    const flags = () => (db.prepare(`SELECT loyalty_flags AS f FROM sales WHERE id = ?`).get(sale.id) as { f: number }).f;
    // A trigger-side write counter: how often the sale row itself is rewritten.
    db.exec(`CREATE TEMP TABLE writes (n INTEGER); INSERT INTO writes VALUES (0);
      CREATE TEMP TRIGGER count_sale_writes AFTER UPDATE OF loyalty_flags ON main.sales BEGIN UPDATE writes SET n = n + 1; END;`);
    const writes = () => (db.prepare(`SELECT n FROM writes`).get() as { n: number }).n;
    const set = (id: number, status: string) => db.prepare(`UPDATE outbox SET status = ? WHERE id = ?`).run(status, id);

    enqueueRoute(db, repo, other, 'GerarBonus');
    const bonus = enqueueRoute(db, repo, sale, 'GerarBonus');
    expect(flags()).toBe(2);
    const before = writes();
    set(bonus.id, 'sending');
    set(bonus.id, 'retrying');
    set(bonus.id, 'sending');
    expect(flags()).toBe(2);
    expect(writes()).toBe(before); // a claim or a retry changes no flag: the sale is not touched
    set(bonus.id, 'done');
    expect(flags()).toBe(1);
    const reversal = enqueueRoute(db, repo, sale, 'EstornarVenda');
    expect(flags()).toBe(5);
    set(reversal.id, 'attention');
    expect(flags()).toBe(5);
    set(reversal.id, 'done');
    expect(flags()).toBe(1);
    expect((db.prepare(`SELECT loyalty_flags AS f FROM sales WHERE id = ?`).get(other.id) as { f: number }).f).toBe(2);
    db.close();
  });
});
