/**
 * The summary tables (migration 012) stay exact under what ingest does: sales with payments, PIX, a
 * cancellation after its sale and one before it, the same batch again, a later loyalty record — the
 * dashboard's figures from sales_hourly/payments_hourly equal the ones computed from the sales, and the
 * list's count/total too. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { storeFixture, type StoreFixture } from '../testing/fixture';
import { makeCancellation, makeSale } from '../testing/records';
import type { PanelPrincipal } from './auth-roles';
import { rawFigures } from './dashboard';
import type { SaleFilters } from './filters';
import { salesSummary } from './sales';
import { summaryApplies, summaryCount, summaryFigures, type Figures } from './summary';

const admin: PanelPrincipal = { userId: randomUUID(), email: 'a@b.c', name: 'Adm', role: 'administrador', storeIds: null, csrf: '', verified: true };
const filters = (f: Partial<SaleFilters> = {}): SaleFilters => ({ from: null, to: null, storeId: null, tillId: null, status: null, formCode: null, minCents: null, maxCents: null, cpf: null, operator: null, ...f });

function normal(x: Figures) {
  const num = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]));
  const sorted = <T extends object>(rows: T[]) => rows.map(num).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { totals: num(x.totals), byForm: sorted(x.byForm), byStore: sorted(x.byStore), pix: sorted(x.pix), byHour: sorted(x.byHour) };
}

describe.each(ENGINES)('painel summary tables on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;
  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit);
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('equal the figures computed from the sales, through cancellations, resends and a later loyalty record', async () => {
    const [t1, t2] = fx.tills;
    const at = (h: number, m: number) => new Date(Date.UTC(2026, 5, 10, h, m));
    const s1 = Array.from({ length: 9 }, (_, i) => makeSale(t1.tillId, i + 1, { at: at(12 + (i % 3), i * 5), pix: true }));
    const s2 = Array.from({ length: 6 }, (_, i) => makeSale(t2.tillId, i + 1, { at: at(13, i * 7) }));
    s2[0].loyalty = { asOf: at(13, 0).toISOString(), redeemedCents: 0, bonusCents: 150, reversedRedeemedCents: 0, reversedBonusCents: 0, effects: [] };
    const early = makeCancellation(t2.tillId, s2[3].id); // reaches the server before its sale
    await t2.client.ingest({ records: [early] });
    await t1.client.ingest({ records: s1 });
    await t1.client.ingest({ records: s1 }); // the same batch again: nothing changes
    await t2.client.ingest({ records: [...s2, makeCancellation(t2.tillId, s2[1].id)] });
    await t1.client.ingest({ records: [makeCancellation(t1.tillId, s1[2].id)] });
    await t2.client.ingest({
      records: [
        {
          kind: 'loyalty',
          id: randomUUID(),
          tillId: t2.tillId,
          saleId: s2[0].id,
          loyalty: { asOf: at(14, 0).toISOString(), redeemedCents: 0, bonusCents: 320, reversedRedeemedCents: 0, reversedBonusCents: 0, effects: [] },
        },
      ],
    });
    const db = fx.server.db;
    for (const f of [
      filters(),
      filters({ from: new Date(Date.UTC(2026, 5, 10, 3)).toISOString(), to: new Date(Date.UTC(2026, 5, 11, 3)).toISOString() }), // a São Paulo day
      filters({ from: new Date(Date.UTC(2026, 5, 11, 3)).toISOString() }), // the day after: nothing
      filters({ storeId: fx.storeId }),
    ]) {
      expect(summaryApplies(f)).toBe(true);
      const fromSummary = normal(await summaryFigures(db, admin, f, 'America/Sao_Paulo'));
      expect(fromSummary).toEqual(normal(await rawFigures(db, admin, f)));
      for (const status of [null, 'finalizada', 'cancelada'] as const) {
        const g = { ...f, status };
        const raw = await salesSummary(db, admin, { ...g, minCents: 0 }); // minCents 0: the raw path, same rows
        expect(await summaryCount(db, admin, g)).toEqual({ count: Number(raw.count), totalCents: Number(raw.totalCents) });
      }
    }
    const all = normal(await summaryFigures(db, admin, filters(), 'America/Sao_Paulo'));
    expect(all.totals).toMatchObject({ sales: 15 - 3, cancelled: 3, bonus: 320 });
    expect(summaryApplies(filters({ from: new Date(Date.UTC(2026, 5, 10, 12)).toISOString() }))).toBe(false); // not a São Paulo midnight
    expect(summaryApplies(filters({ tillId: t2.tillId }))).toBe(false); // a caixa: the raw queries
  });
});
