/**
 * Transações' first page and its keyset pages as the indexes of migration 013 serve them: a Gerente with
 * several stores gets each store's newest sales merged (a LATERAL per store) — the same rows, in the same
 * order, as the Administrador's list restricted to those stores, page after page; and every payment form the
 * panel offers has its partial indexes (a form without one would walk a whole month at 10M sales). Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import * as admin from '../admin/service';
import { createRetaguardaClient } from '../../../shared/retaguarda/client';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { storeFixture, type StoreFixture } from '../testing/fixture';
import { makeSale } from '../testing/records';
import type { PanelPrincipal } from './auth-roles';
import { formBit, PAYMENT_FORMS, type SaleFilters } from './filters';
import { salesPage } from './sales';

const principal = (storeIds: string[] | null): PanelPrincipal => ({
  userId: randomUUID(),
  email: 'p@b.c',
  name: 'P',
  role: storeIds ? 'gerente' : 'administrador',
  storeIds,
  csrf: '',
  verified: true,
});
const filters = (f: Partial<SaleFilters> = {}): SaleFilters => ({ from: null, to: null, storeId: null, tillId: null, status: null, formCode: null, minCents: null, maxCents: null, cpf: null, operator: null, ...f });

describe.each(ENGINES)('Transações list on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;
  const stores: string[] = [];
  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit, 1);
    stores.push(fx.storeId);
    const base = Date.UTC(2026, 5, 10, 13, 0, 0);
    await fx.tills[0].client.ingest({ records: Array.from({ length: 12 }, (_, i) => makeSale(fx.tills[0].tillId, i + 1, { at: new Date(base + i * 7_000), pix: true })) });
    for (const [k, cnpj] of [['Norte', '11222333000181'], ['Sul', '11444777000161']] as const) {
      const { storeId } = await admin.createStore(fx.server.db, { name: `Loja ${k}`, cnpj });
      stores.push(storeId);
      const t = await admin.createTill(fx.server.db, { storeId, name: 'Caixa 1' });
      const client = createRetaguardaClient({ url: fx.server.url, ...t });
      // Interleaved with the first store's sales; two at the very same instant as one of them (the id breaks the tie).
      const records = Array.from({ length: 10 }, (_, i) => makeSale(t.tillId, i + 1, { at: new Date(base + 3_000 + i * 9_000 + (k === 'Sul' ? 1_000 : 0)), pix: i % 3 === 0 }));
      records.push(makeSale(t.tillId, 11, { at: new Date(base + 14_000) }));
      await client.ingest({ records });
    }
  }, 120_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  async function allPages(p: PanelPrincipal, f: SaleFilters, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: { at: string; id: string } | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: Awaited<ReturnType<typeof salesPage>> = await salesPage(fx.server.db, p, f, cursor, limit);
      ids.push(...page.rows.map((r) => r.id));
      if (!page.next) return ids;
      const i = page.next.lastIndexOf('|');
      cursor = { at: page.next.slice(0, i), id: page.next.slice(i + 1) };
    }
    throw new Error('paging did not end');
  }

  it("a Gerente's several stores: the Administrador's rows of those stores, newest first, every sale once across pages", async () => {
    const mine = [stores[0], stores[1]];
    const everything = await salesPage(fx.server.db, principal(null), filters(), null, 200);
    expect(everything.rows).toHaveLength(34);
    const expected = everything.rows.filter((r) => r.storeName !== 'Loja Sul').map((r) => r.id);
    expect(expected).toHaveLength(23);
    for (const limit of [1, 4, 50]) expect(await allPages(principal(mine), filters(), limit)).toEqual(expected);

    // With a form: PIX only, the same on both sides.
    const pix = (await salesPage(fx.server.db, principal(null), filters({ formCode: 17 }), null, 200)).rows.filter((r) => r.storeName !== 'Loja Sul');
    expect(pix.length).toBeGreaterThan(3);
    expect(pix.every((r) => r.forms.includes('PIX'))).toBe(true);
    expect(await allPages(principal(mine), filters({ formCode: 17 }), 3)).toEqual(pix.map((r) => r.id));
    // A form nobody used: nothing, for one store, several and all.
    expect(await allPages(principal(mine), filters({ formCode: 2 }), 5)).toEqual([]);
    expect(await allPages(principal([stores[2]]), filters({ formCode: 2 }), 5)).toEqual([]);
    expect(await allPages(principal(null), filters({ formCode: 2 }), 5)).toEqual([]);
  });

  it('every payment form the panel offers has its partial indexes (all stores and per store)', async () => {
    const defs = (await fx.server.db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'sales'")).map((r) => r.indexdef);
    for (const code of Object.keys(PAYMENT_FORMS).map(Number)) {
      const covering = defs.filter((d) => d.includes(`(pay_mask & ${formBit(code)}) <> 0`));
      expect(covering, `forma ${code}`).toHaveLength(2);
      expect(covering.some((d) => d.includes('(store_id, finalized_at DESC, id DESC)'))).toBe(true);
    }
  });
});
