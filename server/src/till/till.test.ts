import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetaguardaClient, RetaguardaError } from '../../../shared/retaguarda/client';
import { signRequest } from '../../../shared/retaguarda/sign';
import * as admin from '../admin/service';
import { upsertProducts } from '../catalog/products';
import { engineKit, ENGINES, type EngineKit } from '../testing/harness';
import { count, storeFixture, type StoreFixture } from '../testing/fixture';
import { makeCancellation, makeSale, makeShift } from '../testing/records';
import { randomUUID } from 'node:crypto';

async function refusal(p: Promise<unknown>): Promise<RetaguardaError> {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(RetaguardaError);
  return err as RetaguardaError;
}

describe.each(ENGINES)('till API on %s', (engine) => {
  let kit: EngineKit;
  let fx: StoreFixture;

  beforeAll(async () => {
    kit = await engineKit(engine);
    fx = await storeFixture(kit);
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    kit?.dispose();
  });

  it('ingests a batch in one go and the same batch again (answer lost after commit) changes nothing', async () => {
    const [t] = fx.tills;
    const sales = Array.from({ length: 50 }, (_, i) => makeSale(t.tillId, 1000 + i));
    const cancel = makeCancellation(t.tillId, sales[3].id);
    const shift = makeShift(t.tillId, false);
    const audit = { kind: 'audit' as const, id: randomUUID(), tillId: t.tillId, at: new Date().toISOString(), action: 'sale.cancel', actor: 'Ana', approver: 'Gerente', details: { saleId: sales[3].id } };
    const batch = { records: [...sales, cancel, shift, audit], seq: 53 };
    const first = await t.client.ingest(batch);
    expect(first).toMatchObject({ applied: 53, duplicates: 0 });
    const again = await t.client.ingest(batch);
    expect(again).toMatchObject({ applied: 0, duplicates: 53 });
    expect(again.results.every((r) => r.status === 'duplicado')).toBe(true);
    const till = [t.tillId];
    expect(await count(fx.server, 'sales WHERE till_id = $1', till)).toBe(50);
    expect(await count(fx.server, 'sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.till_id = $1', till)).toBe(150);
    expect(await count(fx.server, 'sale_payments p JOIN sales s ON s.id = p.sale_id WHERE s.till_id = $1', till)).toBe(75);
    expect(await count(fx.server, "sales WHERE till_id = $1 AND status = 'cancelada'", till)).toBe(1);
    expect(await count(fx.server, 'shifts WHERE till_id = $1', till)).toBe(1);
    expect(await count(fx.server, 'audit_rows WHERE till_id = $1', till)).toBe(1);
    const [s] = await fx.server.db.query<{ total_cents: number; pay_mask: number; store_id: string }>('SELECT total_cents, pay_mask, store_id FROM sales WHERE id = $1', [sales[1].id]);
    expect(s).toEqual({ total_cents: sales[1].totals.netCents, pay_mask: (1 << 1) | (1 << 3), store_id: fx.storeId });
    const [tillRow] = await fx.server.db.query<{ last_record_seq: number }>('SELECT last_record_seq FROM tills WHERE id = $1', till);
    expect(tillRow.last_record_seq).toBe(53);
  });

  it('the same batch sent twice at once applies each sale once', async () => {
    const [t] = fx.tills;
    const batch = { records: Array.from({ length: 40 }, (_, i) => makeSale(t.tillId, 5000 + i)) };
    const answers = await Promise.all([t.client.ingest(batch), t.client.ingest(batch), t.client.ingest(batch)]);
    expect(answers.map((a) => a.applied).sort()).toEqual([0, 0, 40]);
    expect(await count(fx.server, 'sales WHERE number >= 5000 AND number < 5040')).toBe(40);
    expect(await count(fx.server, 'sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.number >= 5000 AND s.number < 5040')).toBe(120);
  });

  it('a cancellation that arrives before its sale applies when the sale comes', async () => {
    const [, t] = fx.tills;
    const sale = makeSale(t.tillId, 7);
    await t.client.ingest({ records: [makeCancellation(t.tillId, sale.id)] });
    await t.client.ingest({ records: [sale] });
    const [row] = await fx.server.db.query<{ status: string; cancelled_at: Date | null }>('SELECT status, cancelled_at FROM sales WHERE id = $1', [sale.id]);
    expect(row.status).toBe('cancelada');
    expect(row.cancelled_at).not.toBeNull();
  });

  it('a shift moves forward only: closed stays closed when its open state is sent again', async () => {
    const [t] = fx.tills;
    const id = randomUUID();
    await t.client.ingest({ records: [makeShift(t.tillId, false, id)] });
    expect((await t.client.ingest({ records: [makeShift(t.tillId, true, id)] })).applied).toBe(1);
    expect((await t.client.ingest({ records: [makeShift(t.tillId, false, id)] })).duplicates).toBe(1);
    const [row] = await fx.server.db.query<{ closed_at: Date | null; closing: unknown }>('SELECT closed_at, closing FROM shifts WHERE id = $1', [id]);
    expect(row.closed_at).not.toBeNull();
    expect(row.closing).toEqual([{ formCode: 1, expectedCents: 15_000, countedCents: 15_000, differenceCents: 0 }]);
  });

  it('refuses records of another till, batches above 200 and invalid records with pt-BR messages', async () => {
    const [a, b] = fx.tills;
    const other = await refusal(a.client.ingest({ records: [makeSale(b.tillId, 1)] }));
    expect([other.status, other.message]).toEqual([400, expect.stringContaining('de outro caixa')]);
    const big = await refusal(a.client.ingest({ records: Array.from({ length: 201 }, (_, i) => makeSale(a.tillId, i)) }));
    expect(big.status).toBe(400);
    expect(big.message).toContain('Dados inválidos: records');
    const bad = makeSale(a.tillId, 1);
    (bad.totals as { netCents: number }).netCents = -5;
    expect((await refusal(a.client.ingest({ records: [bad] }))).message).toContain('totals.netCents');
  });

  it('a replayed signed request is refused; a changed body, an old timestamp or a wrong secret too', async () => {
    const [t] = fx.tills;
    const body = JSON.stringify({ records: [makeSale(t.tillId, 9001)] });
    const headers = { ...(await signRequest(t, 'POST', '/v1/till/ingest', body)), 'content-type': 'application/json' };
    const post = (h: Record<string, string>, b = body) => fetch(`${fx.server.url}/v1/till/ingest`, { method: 'POST', headers: h, body: b });
    expect((await post(headers)).status).toBe(200);
    const replay = await post(headers);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toBe('Requisição repetida recusada (mesma assinatura já usada).');
    const tampered = await post({ ...(await signRequest(t, 'POST', '/v1/till/ingest', body)), 'content-type': 'application/json' }, body.replace('9001', '9002'));
    expect(tampered.status).toBe(401);
    const old = await post({ ...(await signRequest(t, 'POST', '/v1/till/ingest', body, Date.now() - 10 * 60_000)), 'content-type': 'application/json' });
    expect(((await old.json()) as { error: { code: string } }).error.code).toBe('relogio_fora');
    const wrong = await refusal(createClientWith(t.tillId, 'x'.repeat(43)).whoami());
    expect([wrong.status, wrong.code]).toEqual([401, 'assinatura_invalida']);
    expect(await count(fx.server, 'sales WHERE number IN (9001, 9002)')).toBe(1);
  });

  it('a revoked till is refused with a clear message; a rotated secret works again', async () => {
    const t = await admin.createTill(fx.server.db, { storeId: fx.storeId, name: 'Caixa 9' });
    const client = createClientWith(t.tillId, t.secret);
    expect((await client.whoami()).tillName).toBe('Caixa 9');
    await admin.revokeTill(fx.server.db, t.tillId);
    const err = await refusal(client.whoami());
    expect([err.status, err.message]).toEqual([401, 'A credencial deste caixa foi revogada na retaguarda: peça uma nova ao gerente.']);
    expect(err.credentialProblem).toBe(true);
    const rotated = await admin.rotateTillSecret(fx.server.db, t.tillId);
    expect((await createClientWith(t.tillId, rotated.secret).whoami()).storeId).toBe(fx.storeId);
    expect((await refusal(client.whoami())).code).toBe('assinatura_invalida');
  });

  it('down: users and products by change cursor in pages, and a snapshot for a new till', async () => {
    const [t] = fx.tills;
    const start = (await t.client.changes(0)).cursor;
    await admin.createUser(fx.server.db, { storeId: fx.storeId, name: 'Gerente', role: 'gerente', pin: '258025' });
    const products = Array.from({ length: 25 }, (_, i) => ({ code: i + 1, description: `Item ${i + 1}`, priceCents: 100 + i, unit: 'UN', eans: [] as string[] }));
    expect(await upsertProducts(fx.server.db, [fx.storeId], products)).toBe(25);
    expect(await upsertProducts(fx.server.db, [fx.storeId], products)).toBe(0); // unchanged rows keep their cursor
    const seen: number[] = [];
    let cursor = start;
    let users = 0;
    for (;;) {
      const page = await t.client.changes(cursor, 10);
      seen.push(...page.products.map((p) => p.code));
      users += page.users.length;
      if (page.users[0]) expect(page.users[0]).toMatchObject({ name: 'Gerente', role: 'gerente', active: true });
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(seen.sort((a, b) => a - b)).toEqual(products.map((p) => p.code));
    expect(users).toBe(1);
    await upsertProducts(fx.server.db, [fx.storeId], [{ ...products[4], priceCents: 999 }]);
    const next = await t.client.changes(cursor);
    expect(next.products).toEqual([expect.objectContaining({ code: 5, priceCents: 999 })]);
    // snapshot: pages by code, users on the first page
    const first = await t.client.snapshot(null, 10);
    expect(first.products.map((p) => p.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.users.map((u) => u.name)).toEqual(['Gerente']);
    const second = await t.client.snapshot(first.nextAfterCode, 10);
    const third = await t.client.snapshot(second.nextAfterCode, 10);
    expect(third.products.map((p) => p.code)).toEqual([21, 22, 23, 24, 25]);
    expect(third.nextAfterCode).toBeNull();
    expect(first.cursor).toBe(next.cursor);
  });

  const createClientWith = (tillId: string, secret: string) => createRetaguardaClient({ url: fx.server.url, tillId, secret });
});
