import { afterEach, describe, expect, it } from 'vitest';
import { OutboxRepo } from '../../outbox/repo';
import { OutboxWorker } from '../../outbox/worker';
import { buildCadastrarCliente, buildGerarBonus, buildResgatarSaldo } from './builders';
import type { HubClient } from './client';
import { enqueueHub, registerHubDeliveries } from './outbox';
import { ANA, CARLA, NEWCOMER, makeSale, newOpKey, setupHub, type HubKit } from '../../../test-support/hub-kit';

/** Issue 8 (5, 6): effectful hub calls are bound to an operation; hub_operations keeps no personal data. */

let kit: HubKit | null = null;
let worker: OutboxWorker | null = null;
afterEach(async () => {
  worker?.stop();
  worker = null;
  await kit?.close();
  kit = null;
});

function outbox(k: HubKit) {
  const now = () => new Date();
  const repo = new OutboxRepo(k.db, now);
  worker = new OutboxWorker({ db: k.db, now, log: () => {}, backoff: { baseMs: 10, capMs: 50 } });
  registerHubDeliveries(worker, k.loyalty.client);
  return { repo, worker };
}

/** Past 'retrying': wakes the row now (as a later successful call would) and waits again, until done or parked. */
async function settled(w: OutboxWorker, opId: string) {
  for (let i = 0; i < 20; i++) {
    const [row] = await w.waitFor([opId], 60_000);
    if (row.status !== 'retrying') return row;
    w.notifyOnline('hub');
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('a linha não assentou');
}

function insertSale(k: HubKit, sale: ReturnType<typeof makeSale>) {
  k.db.prepare(`INSERT INTO sales (id, status, opened_at, operator_id, operator_name) VALUES (?, 'finalizada', ?, 1, 'Caixa 01')`).run(sale.id, sale.openedAt);
}

const guids = (k: HubKit, route: 'ResgatarSaldo' | 'GerarBonus') =>
  k.sandbox.control.requests(route).map((r) => (r.body as { IdentificadorTransacao: string }).IdentificadorTransacao);

describe('idempotency belongs to the operation, never to the call', () => {
  it('ResgatarSaldo/GerarBonus/EstornarVenda without an operation key are refused before anything leaves', async () => {
    kit = await setupHub();
    const c = kit.loyalty.client as unknown as { [k in 'resgatarSaldo' | 'gerarBonus' | 'estornarVenda']: (...a: unknown[]) => Promise<unknown> };
    const sale = makeSale({ cpf: ANA });
    for (const call of [() => c.resgatarSaldo(sale, { cpf: ANA }), () => c.gerarBonus(sale, { cpf: ANA, campaignId: 101 }), () => c.estornarVenda({ cpf: ANA, documentNumber: 123, series: '1' }), () => c.resgatarSaldo(sale, { cpf: ANA }, { opKey: '' })]) {
      await expect(call()).rejects.toMatchObject({ code: 'hub.operationRequired' });
    }
    expect(kit.sandbox.control.requests()).toEqual([]);
    expect(kit.loyalty.operations.list()).toEqual([]);
  });

  it('"applied but the answer was lost", then the retry with the same operation: redeemed once at the hub', async () => {
    kit = await setupHub();
    const before = kit.sandbox.control.customer(ANA)!.availableCents;
    kit.sandbox.control.setFault({ route: 'ResgatarSaldo', kind: 'drop', afterEffect: true, times: 1 });
    const sale = makeSale({ cpf: ANA });
    const opKey = newOpKey();
    await expect(kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey })).rejects.toMatchObject({ kind: 'communication' });
    await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey });
    const sent = guids(kit, 'ResgatarSaldo');
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(1);
    expect(kit.sandbox.control.customer(ANA)!.availableCents).toBe(before - 500);
  });

  it('through the outbox: GerarBonus applied, answer lost, delivered again with the stored GUID → credited once', async () => {
    kit = await setupHub();
    const { repo, worker: w } = outbox(kit);
    const sale = makeSale({ cpf: CARLA, redemptionCents: 0 });
    insertSale(kit, sale);
    const before = kit.sandbox.control.customer(CARLA)!.currentCents;
    kit.sandbox.control.setFault({ route: 'GerarBonus', kind: 'drop', afterEffect: true, times: 1 });
    const row = enqueueHub(repo, { route: 'GerarBonus', saleId: sale.id, build: (g) => buildGerarBonus(g, sale, { cpf: CARLA, campaignId: 101 }) });
    w.start();
    const done = await settled(w, row.opId);
    expect(done.status).toBe('done');
    expect(guids(kit, 'GerarBonus')).toEqual([row.opId, row.opId]);
    const bonus = Math.floor((sale.totals.netCents * 500 + 5000) / 10000);
    expect(kit.sandbox.control.customer(CARLA)!.currentCents).toBe(before + bonus);
  });
});

describe('no personal data at rest in hub_operations / the outbox', () => {
  const customer = {
    cpf: NEWCOMER,
    name: 'Maria das Dores Pereira',
    birthDate: '1980-05-17',
    contact: { phone: '1133334444', mobile: '11955554444', email: 'maria.pereira@example.com' },
  };
  const personal = ['Maria das Dores', '1980-05-17', '11955554444', '1133334444', 'maria.pereira@example.com'];

  it('CadastrarCliente and EnviarPin: the hub gets the data; hub_operations keeps only the CPF; a same-session retry still works', async () => {
    kit = await setupHub();
    kit.sandbox.control.setFault({ route: 'CadastrarCliente', kind: 'http500', times: 1 });
    const client: HubClient = kit.loyalty.client;
    const err = await client.cadastrarCliente(customer as never).catch((e) => e);
    expect(err.kind).toBe('communication');
    const [op] = kit.loyalty.operations.list();
    for (const p of personal) expect(op.requestJson).not.toContain(p);
    expect(JSON.parse(op.requestJson).CPF).toBe(NEWCOMER);
    // "Tentar Novamente" in the same session re-sends the full body (kept in memory only).
    await client.retry(op.guid);
    const received = kit.sandbox.control.requests('CadastrarCliente');
    expect(received.map((r) => (r.body as { Nome: string }).Nome)).toEqual([customer.name, customer.name]);
    await client.enviarPin({ cpf: CARLA, pinType: 1, mobile: '11912345678' });
    const pinOp = kit.loyalty.operations.list().find((o) => o.route === 'EnviarPin')!;
    expect(pinOp.requestJson).not.toContain('11912345678');
    const raw = JSON.stringify(kit.db.prepare('SELECT * FROM hub_operations').all());
    for (const p of [...personal, '11912345678']) expect(raw).not.toContain(p);
  });

  it('a CadastrarCliente delivered through the outbox leaves no personal data in the row once done', async () => {
    kit = await setupHub();
    const { repo, worker: w } = outbox(kit);
    const sale = makeSale({ cpf: NEWCOMER, redemptionCents: 0 });
    insertSale(kit, sale);
    const row = enqueueHub(repo, { route: 'CadastrarCliente', saleId: sale.id, build: (g) => buildCadastrarCliente(g, customer as never) });
    w.start();
    const done = await settled(w, row.opId);
    expect(done.status).toBe('done');
    expect((kit.sandbox.control.requests('CadastrarCliente')[0].body as { Nome: string }).Nome).toBe(customer.name);
    const rows = JSON.stringify(kit.db.prepare('SELECT * FROM outbox').all()) + JSON.stringify(kit.db.prepare('SELECT * FROM hub_operations').all());
    for (const p of personal) expect(rows).not.toContain(p);
    expect(rows).toContain(NEWCOMER);
  });

  it('the effect routes keep their body (the outbox must resend it) — only personal fields go', async () => {
    kit = await setupHub();
    const sale = makeSale({ cpf: ANA });
    await kit.loyalty.client.resgatarSaldo(sale, { cpf: ANA }, { opKey: newOpKey() });
    const [op] = kit.loyalty.operations.list();
    expect(JSON.parse(op.requestJson)).toEqual(buildResgatarSaldo(op.guid, sale, { cpf: ANA }));
  });
});
