import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/fixtures';
import { openDatabase } from '../open';
import { HOURLY_REBUILD_SQL } from './008_backoffice';
import { MIGRATIONS } from './index';

describe('migration 014 (sale path)', () => {
  it('keeps the open sale out of the back-office indexes, and the hourly aggregates equal to a rebuild', () => {
    const file = path.join(tempDir(), 'balcao.db');
    const old = openDatabase(file, MIGRATIONS.filter((m) => m.version < 14));
    const ins = old.prepare(
      `INSERT INTO sales (id, status, document_number, series, opened_at, finalized_at, operator_id, operator_name, net_cents)
       VALUES (?, ?, ?, ?, '2026-11-30T10:00:00.000Z', ?, 1, 'Caixa 01', ?)`,
    );
    ins.run('s1', 'finalizada', 1, '1', '2026-11-30T10:05:00.000Z', 1000);
    old.prepare(`INSERT INTO payments (sale_id, form_code, amount_cents, received_cents, created_at) VALUES ('s1', 1, 1000, 1000, '')`).run();
    ins.run('open', 'aberta', null, null, null, 0);
    old.close();

    const db = openDatabase(file);
    const inIndex = (index: string) =>
      (db.prepare(`SELECT id FROM sales INDEXED BY ${index} WHERE finalized_at IS NOT NULL ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
    expect(inIndex('sales_bo_time')).toEqual(['s1']);
    expect(inIndex('sales_bo_operator')).toEqual(['s1']);
    const partial = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sales' AND sql LIKE '%WHERE%'`).all();
    expect(partial.map((r) => r.name)).toEqual(
      expect.arrayContaining(['sales_bo_time', 'sales_bo_operator', 'sales_bo_number', 'sales_bo_cpf', 'sales_bo_shift', 'sales_one_open']),
    );
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('sales_status', 'sales_hourly_upd')`).all()).toEqual([]);

    // Finalize the open sale, cancel s1, change a finalized total: the split triggers keep what a rebuild computes.
    db.prepare(`INSERT INTO payments (sale_id, form_code, amount_cents, received_cents, created_at) VALUES ('open', 3, 700, 700, '')`).run();
    db.prepare(`UPDATE sales SET status = 'finalizada', document_number = 2, series = '1', finalized_at = '2026-11-30T11:00:00.000Z', net_cents = 700 WHERE id = 'open'`).run();
    db.prepare(`UPDATE sales SET status = 'cancelada', cancelled_at = '2026-11-30T12:00:00.000Z' WHERE id = 's1'`).run();
    db.prepare(`UPDATE sales SET net_cents = 650 WHERE id = 'open'`).run();
    const snapshot = () => ({
      hourly: db.prepare(`SELECT * FROM sales_hourly WHERE n != 0 ORDER BY hour, status, operator_id`).all(),
      form: db.prepare(`SELECT * FROM sales_hourly_form WHERE n != 0 ORDER BY hour, status, form_code`).all(),
    });
    const kept = snapshot();
    db.exec(HOURLY_REBUILD_SQL);
    expect(kept).toEqual(snapshot());
    expect(kept.hourly).toEqual([
      { hour: '2026-11-30T10', status: 'cancelada', operator_id: 1, n: 1, total: 1000, sale_disc: 0, redeemed: 0, item_disc: 0 },
      { hour: '2026-11-30T11', status: 'finalizada', operator_id: 1, n: 1, total: 650, sale_disc: 0, redeemed: 0, item_disc: 0 },
    ]);
    db.close();
  });
});
