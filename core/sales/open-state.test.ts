/**
 * The open sale is kept in memory between commits (a scan neither re-reads
 * the cart nor rebuilds every line). These prove it never serves a stale
 * cart: writes by hooks, by other services on the same connection, by another
 * connection, and failed changes are all seen.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../kernel/errors';
import { synchronousLevel } from '../db/durable';
import { createTestCore } from '../../test-support/fixtures';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;
afterEach(() => core?.close());

describe('open sale in memory', () => {
  it('sees a write made by another service on the same connection', async () => {
    core = await createTestCore();
    const sales = core.services.sales;
    const sale = sales.scan('1');
    core.db.prepare('UPDATE sales SET customer_cpf = ?, redemption_cents = 100 WHERE id = ?').run('52998224725', sale.id);
    core.db.prepare('UPDATE sale_lines SET quantity = 4000 WHERE sale_id = ?').run(sale.id);
    const after = sales.scan('2');
    expect(after.customerCpf).toBe('52998224725');
    expect(after.totals.redemptionCents).toBe(100);
    expect(after.lines.map((l) => l.quantity)).toEqual([4000, 1000]);
    expect(sales.current().lines).toHaveLength(2);
  });

  it('sees a write made by another connection (another process)', async () => {
    core = await createTestCore();
    const sales = core.services.sales;
    const sale = sales.scan('1');
    const other = new Database(path.join(core.dataDir, 'balcao.db'));
    other.prepare('UPDATE sale_lines SET quantity = 7000 WHERE sale_id = ?').run(sale.id);
    other.close();
    expect(sales.current().lines.map((l) => l.quantity)).toEqual([7000]);
    expect(sales.scan('2').lines.map((l) => l.quantity)).toEqual([7000, 1000]);
  });

  it('sees what a beforeChange hook wrote, and a refused change leaves the cart as committed', async () => {
    let refuse = false;
    const step = {
      name: 'test.writeCpf',
      run: (_kind: string, saleId: string) => {
        if (refuse) throw new AppError('test.refused', 'Recusado pelo teste.');
        core.db.prepare(`UPDATE sales SET customer_cpf = '11144477735' WHERE id = ?`).run(saleId);
      },
    };
    core = await createTestCore({ extraSteps: () => ({ change: [step] }) });
    const sales = core.services.sales;
    const s1 = sales.scan('1');
    expect(s1.customerCpf).toBe('11144477735');
    refuse = true;
    expect(() => sales.scan('2')).toThrow('Recusado pelo teste.');
    expect(() => sales.setQuantity(s1.lines[0].id, 9000)).toThrow('Recusado pelo teste.');
    expect(sales.current().lines.map((l) => [l.productCode, l.quantity])).toEqual([[1, 1000]]);
    refuse = false;
    expect(sales.setQuantity(s1.lines[0].id, 2000).lines.map((l) => l.quantity)).toEqual([2000]);
  });

  it('a change refused midway (discount too large) keeps memory and disk equal', async () => {
    core = await createTestCore();
    const sales = core.services.sales;
    const s = sales.scan('4'); // 4,79
    expect(() => sales.setLineDiscount(s.lines[0].id, { cents: 10_000 })).toThrow(/maior que o item/);
    const d = sales.setLineDiscount(s.lines[0].id, { cents: 79 });
    expect(d.lines[0].netCents).toBe(400);
    const disk = core.db.prepare('SELECT discount_cents FROM sale_lines WHERE id = ?').get(s.lines[0].id);
    expect(disk).toEqual({ discount_cents: 79 });
  });

  it('returns the same sale as a fresh read after every kind of change', async () => {
    core = await createTestCore();
    const sales = core.services.sales;
    const fresh = () => {
      const other = new (sales.constructor as new (d: unknown) => typeof sales)((sales as unknown as { deps: unknown }).deps);
      return other.current();
    };
    let s = sales.scan('3*7891234567895');
    s = sales.scan('2');
    expect(s).toEqual(fresh());
    s = sales.setQuantity(s.lines[1].id, 3000);
    expect(s).toEqual(fresh());
    s = sales.setLineDiscount(s.lines[0].id, { basisPoints: 1000 });
    expect(s).toEqual(fresh());
    s = sales.setSaleDiscount({ basisPoints: 500 });
    expect(s).toEqual(fresh());
    s = sales.addPayment(3, 1000);
    expect(s).toEqual(fresh());
    s = sales.removeLine(s.lines[0].id); // the payment still fits: kept
    expect(s).toEqual(fresh());
    s = sales.addPayment(1, 100_000); // cash over the rest: change
    expect(s.totals.changeCents).toBeGreaterThan(0);
    expect(s).toEqual(fresh());
    s = sales.removePayment(s.payments[1].id);
    expect(s).toEqual(fresh());
    s = sales.discard();
    expect(s).toEqual(fresh());
    expect(s.lines).toEqual([]);
  });

  it('finalize commits with synchronous=FULL; cart edits with NORMAL', async () => {
    const levels: string[] = [];
    core = await createTestCore({
      extraSteps: () => ({
        change: [{ name: 'test.level', run: (kind) => void levels.push(`${kind}:${synchronousLevel(core.db)}`) }],
        finalize: [{ name: 'test.level', run: () => void levels.push(`finalize:${synchronousLevel(core.db)}`) }],
      }),
    });
    const sales = core.services.sales;
    const s = sales.scan('1');
    sales.addPayment(1, s.totals.netCents);
    const { sale, next } = sales.finalize();
    expect(levels).toEqual(['line:1', 'payment:1', 'finalize:2']);
    expect(synchronousLevel(core.db)).toBe(1);
    expect(sale.documentNumber).toBe(1);
    expect(sales.current().id).toBe(next.id);
    expect(sales.scan('2').lines).toHaveLength(1);
  });
});
