import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesFilter, SalesRow } from '../../shared/api/sales-query';
import type { Core } from '../app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { hourlySummarySql } from './query';
import { dailyReportDirect, dailyReportHourly } from '../reports/daily';

/**
 * Minhas vendas against a real SQLite file: sales made through the real
 * SalesService (varied clock, operator, payment forms), some cancelled, some
 * with a CPF and loyalty outbox rows; every filter and combinations compared
 * with a model computed independently from the same facts.
 */

interface Fact {
  id: string;
  number: number;
  at: string;
  status: 'finalizada' | 'cancelada';
  net: number;
  forms: number[];
  cpf: string | null;
  operatorId: number;
  loyalty: { bonus: boolean; bonusPending: boolean; reversalPending: boolean };
}

const EANS = ['7891234567895', '7896005800010', '7891000100103', '96385074', '7894900011517', '7891910000197'];
const CPFS = ['52998224725', '11144477735', '39053344705'];
const DAY0 = Date.parse('2026-03-01T12:00:00Z');

let core: Core;
let clock = DAY0;
const facts: Fact[] = [];

function rand(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

beforeAll(async () => {
  core = await createTestCore({ now: () => new Date(clock) });
  const s = core.services.sales;
  const r = rand(42);
  for (let i = 0; i < 80; i++) {
    clock = DAY0 + i * 3 * 3600_000 + Math.floor(r() * 3600_000); // ~ every 3 h over 10 days
    const operatorId = r() < 0.5 ? 1 : 2;
    core.db.prepare(`INSERT INTO settings (key, value) VALUES ('operator.current', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(String(operatorId));
    const n = 1 + Math.floor(r() * 3);
    let sale = s.current();
    for (let k = 0; k < n; k++) sale = s.scan(`${1 + Math.floor(r() * 3)}*${EANS[Math.floor(r() * EANS.length)]}`);
    const forms: number[] = [];
    const split = r();
    if (split < 0.4) {
      s.addPayment(1, sale.totals.netCents + 500);
      forms.push(1);
    } else if (split < 0.7) {
      s.addPayment(3, sale.totals.netCents);
      forms.push(3);
    } else {
      s.addPayment(4, 100);
      s.addPayment(17, sale.totals.netCents - 100);
      forms.push(4, 17);
    }
    const cpf = r() < 0.3 ? CPFS[Math.floor(r() * CPFS.length)] : null;
    if (cpf) core.db.prepare(`UPDATE sales SET customer_cpf = ? WHERE id = ?`).run(cpf, sale.id);
    const done = s.finalize().sale;
    const fact: Fact = {
      id: done.id,
      number: done.documentNumber!,
      at: done.finalizedAt!,
      status: 'finalizada',
      net: done.totals.netCents,
      forms,
      cpf,
      operatorId: done.operator.id,
      loyalty: { bonus: false, bonusPending: false, reversalPending: false },
    };
    if (cpf) {
      const row = core.services.outbox.repo.enqueue({ kind: 'hub.GerarBonus', channel: 'hub', orderingKey: done.id, saleId: done.id, payload: {} });
      if (r() < 0.6) {
        core.db.prepare(`UPDATE outbox SET status = 'done', result_json = '{"SaldoBonusGeradoVenda": 1.5}' WHERE id = ?`).run(row.id);
        fact.loyalty.bonus = true;
      } else fact.loyalty.bonusPending = true;
    }
    if (r() < 0.1) {
      core.db.prepare(`UPDATE sales SET status = 'cancelada', cancelled_at = ? WHERE id = ?`).run(new Date(clock).toISOString(), done.id);
      fact.status = 'cancelada';
      if (cpf) {
        core.services.outbox.repo.enqueue({ kind: 'hub.EstornarVenda', channel: 'hub', orderingKey: done.id, saleId: done.id, payload: {} });
        fact.loyalty.reversalPending = true;
      }
    }
    facts.push(fact);
  }
  // The worker must not deliver our hand-made rows (no hub here): stop it.
  core.services.outbox.worker.stop();
}, 60_000);

afterAll(() => core?.close());

function model(f: SalesFilter): Fact[] {
  return facts
    .filter(
      (x) =>
        (!f.status || f.status === x.status) &&
        (!f.from || x.at >= f.from) &&
        (!f.to || x.at < f.to) &&
        (f.minCents === undefined || x.net >= f.minCents) &&
        (f.maxCents === undefined || x.net <= f.maxCents) &&
        (f.formCode === undefined || x.forms.includes(f.formCode)) &&
        (!f.cpf || x.cpf === f.cpf) &&
        (f.number === undefined || x.number === f.number) &&
        (f.operatorId === undefined || x.operatorId === f.operatorId) &&
        (!f.loyalty || x.loyalty[f.loyalty]),
    )
    .sort((a, b) => (a.at < b.at ? 1 : -1));
}

function all(f: SalesFilter, pageSize = 7): SalesRow[] {
  const out: SalesRow[] = [];
  let after;
  for (;;) {
    const p = core.services.salesQuery.search(f, after, pageSize);
    out.push(...p.rows);
    if (!p.next) return out;
    after = p.next;
  }
}

function check(f: SalesFilter): number {
  const expected = model(f);
  const got = all(f);
  expect(got.map((r) => r.id)).toEqual(expected.map((x) => x.id));
  // The total leaves cancelled sales out (as "Relatório do dia"); they are counted and summed apart.
  const cancelled = expected.filter((x) => x.status === 'cancelada');
  expect(core.services.salesQuery.summary(f)).toEqual({
    count: expected.length,
    totalCents: expected.filter((x) => x.status !== 'cancelada').reduce((a, x) => a + x.net, 0),
    cancelledCount: cancelled.length,
    cancelledCents: cancelled.reduce((a, x) => a + x.net, 0),
  });
  for (const line of core.services.salesQuery.plan(f)) expect(line).not.toMatch(/^SCAN s$/);
  return expected.length;
}

const iso = (h: number) => new Date(DAY0 + h * 3600_000).toISOString();

describe('Minhas vendas: filters on a seeded database', () => {
  const single: [string, SalesFilter][] = [
    ['nenhum', {}],
    ['período', { from: iso(24), to: iso(96) }],
    ['status finalizada', { status: 'finalizada' }],
    ['status cancelada', { status: 'cancelada' }],
    ['valor mínimo', { minCents: 3000 }],
    ['valor máximo', { maxCents: 2000 }],
    ['forma Dinheiro', { formCode: 1 }],
    ['forma Cartão de Crédito', { formCode: 3 }],
    ['forma PIX Dinâmico', { formCode: 17 }],
    ['CPF', { cpf: CPFS[0] }],
    ['operador', { operatorId: 2 }],
    ['fidelidade com bônus', { loyalty: 'bonus' }],
    ['fidelidade bônus pendente', { loyalty: 'bonusPending' }],
    ['fidelidade estorno pendente', { loyalty: 'reversalPending' }],
  ];
  it.each(single)('filter: %s', (_name, f) => {
    expect(check(f)).toBeGreaterThan(0);
  });

  it('filter: Número', () => {
    const target = facts[17];
    expect(check({ number: target.number })).toBe(1);
  });

  it('combinations of every filter pair and some triples match the model', () => {
    const parts: SalesFilter[] = [
      { from: iso(48), to: iso(200) },
      { status: 'finalizada' },
      { minCents: 1500, maxCents: 6000 },
      { formCode: 1 },
      { cpf: CPFS[1] },
      { operatorId: 1 },
      { loyalty: 'bonus' },
      { number: facts[30].number },
    ];
    let nonEmpty = 0;
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        if (check({ ...parts[i], ...parts[j] }) > 0) nonEmpty++;
        for (let k = j + 1; k < parts.length; k += 3) check({ ...parts[i], ...parts[j], ...parts[k] });
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('Pré-venda lists the sale not finalized yet', () => {
    const open = core.services.sales.scan(EANS[0]);
    const rows = core.services.salesQuery.search({ status: 'prevenda' }, undefined, 50).rows;
    expect(rows.map((r) => r.id)).toEqual([open.id]);
    core.services.sales.discard();
  });

  it('keyset paging is stable when sales are finalized between pages', () => {
    const f: SalesFilter = { status: 'finalizada' };
    const before = model(f).map((x) => x.id);
    const first = core.services.salesQuery.search(f, undefined, 10);
    // New sales arrive (later clock) while the manager pages.
    for (let i = 0; i < 3; i++) {
      clock += 60_000;
      const sale = core.services.sales.scan(EANS[1]);
      core.services.sales.addPayment(1, sale.totals.netCents);
      core.services.sales.finalize();
    }
    const rest: string[] = [];
    let after = first.next!;
    for (;;) {
      const p = core.services.salesQuery.search(f, after, 10);
      rest.push(...p.rows.map((r) => r.id));
      if (!p.next) break;
      after = p.next;
    }
    expect([...first.rows.map((r) => r.id), ...rest]).toEqual(before);
  });

  it('count/total come from the hourly aggregate for period/status/operator and match the sales table', () => {
    const f: SalesFilter = { from: iso(30), to: iso(150), status: 'finalizada', operatorId: 2 };
    expect(hourlySummarySql(f)).not.toBeNull();
    expect(hourlySummarySql({ ...f, from: new Date(DAY0 + 1234).toISOString() })).toBeNull();
    expect(hourlySummarySql({ ...f, formCode: 1 })).toBeNull();
    const direct = core.db
      .prepare(`SELECT count(*) AS count, coalesce(sum(net_cents), 0) AS totalCents FROM sales WHERE finalized_at >= ? AND finalized_at < ? AND status = 'finalizada' AND operator_id = 2`)
      .get(f.from, f.to);
    expect(core.services.salesQuery.summary(f)).toEqual({ ...(direct as object), cancelledCount: 0, cancelledCents: 0 });
    // Without a status ("Hoje"): the same rule as the daily report, whichever path answers.
    const day = { from: iso(0), to: iso(24 * 400) };
    const viaHourly = core.services.salesQuery.summary(day);
    const viaSales = core.services.salesQuery.summary({ ...day, from: new Date(DAY0 - 1).toISOString() });
    const sales = core.db.prepare(`SELECT status, net_cents AS net FROM sales WHERE finalized_at >= ? AND finalized_at < ?`).all(day.from, day.to) as { status: string; net: number }[];
    expect(viaHourly.totalCents).toBe(sales.filter((x) => x.status === 'finalizada').reduce((a, x) => a + x.net, 0));
    expect(viaHourly.cancelledCount).toBeGreaterThan(0);
    expect(viaSales).toEqual(viaHourly);
    expect(dailyReportDirect(core.db, day.from, day.to).totalCents).toBe(viaHourly.totalCents);
    expect(check({ ...f, from: new Date(DAY0 + 30 * 3600_000 + 1234).toISOString() })).toBeGreaterThan(0);
  });

  it('a row carries masked CPF, forms and item count', () => {
    const withCpf = facts.find((x) => x.cpf && x.forms.length === 2)!;
    const row = core.services.salesQuery.search({ number: withCpf.number }, undefined, 1).rows[0];
    expect(row.customerCpfMasked).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
    expect(row.formNames).toEqual(['Cartão de Débito', 'PIX Dinâmico']);
    expect(row.itemCount).toBeGreaterThan(0);
  });
});

describe('Relatório do dia: hourly aggregates = straight from the sales', () => {
  it('same figures for several periods and time zones, after discounts and a cancellation', () => {
    const s = core.services.sales;
    clock += 3600_000;
    const line = s.scan('2*7891234567895').lines.at(-1)!;
    s.setLineDiscount(line.id, { cents: 150 });
    const open = s.setSaleDiscount({ cents: 200 });
    s.addPayment(4, 1000);
    s.addPayment(1, open.totals.netCents - 1000 + 300);
    const done = s.finalize().sale;
    clock += 3600_000;
    const other = s.scan('7891910000197');
    s.addPayment(3, other.totals.netCents);
    const cancelled = s.finalize().sale;
    core.db.prepare(`UPDATE sales SET status = 'cancelada', cancelled_at = ? WHERE id = ?`).run(new Date(clock).toISOString(), cancelled.id);

    const norm = (r: ReturnType<typeof dailyReportDirect>) => ({
      ...r,
      byForm: [...r.byForm].sort((a, b) => a.formCode - b.formCode),
      byOperator: [...r.byOperator].sort((a, b) => a.operatorName.localeCompare(b.operatorName)),
    });
    const ranges: [number, number][] = [[0, 24], [-12, 400], [30, 31], [100, 10_000]];
    for (const [a, b] of ranges) {
      for (const tz of [0, -180, 120]) {
        const hourly = dailyReportHourly(core.db, iso(a), iso(b), tz);
        expect(norm(hourly)).toEqual(norm(dailyReportDirect(core.db, iso(a), iso(b), tz)));
      }
    }
    const all = dailyReportHourly(core.db, iso(-100), iso(100_000), 0);
    expect(all.itemDiscountCents).toBeGreaterThanOrEqual(150);
    expect(all.saleDiscountCents).toBeGreaterThanOrEqual(200);
    expect(all.cancelledCount).toBe(facts.filter((f) => f.status === 'cancelada').length + 1);
    expect(all.salesCount).toBeGreaterThan(0);
    expect(done.totals.netCents).toBeGreaterThan(0);
  });
});
