import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import type { Cancellation } from '../../shared/api/cancellation';
import type { Sale } from '../../shared/api/sales';
import { AppError } from '../kernel/errors';
import { loadConfig } from '../app/config';
import { ANA, TOKEN } from '../../test-support/hub-kit';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore;
let hub: HubSandbox;
/** A last cancel step that refuses while set (the atomicity test). */
let refuseCancel = false;

beforeEach(async () => {
  refuseCancel = false;
  hub = await startHubSandbox({ port: 0 });
  const dataDir = tempDir();
  core = await createTestCore({
    dataDir,
    hubTimeoutMs: 3000,
    log: () => {},
    config: { ...loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' }), adminPin: '432100', hubUrl: hub.url },
    extraSteps: () => ({
      cancel: [
        {
          name: 'test.refuse',
          run() {
            if (refuseCancel) throw new AppError('test.refuse', 'recusado');
          },
        },
      ],
    }),
  });
  await call('loyalty.settings.save', { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
});

afterEach(async () => {
  core?.close();
  await hub?.close();
});

const call = <T = Sale>(method: string, input: unknown = {}): Promise<T> => callCore<T>(core, method, input);

async function fail(method: string, input: unknown = {}) {
  const r = await core.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

const gerenteId = () => (core.db.prepare(`SELECT id FROM operators WHERE name = 'Gerente'`).get() as { id: number }).id;

/** As the operator "Ana Caixa": a finished 29,90 sale for the customer ANA, scored on the hub (GerarBonus). */
async function loyaltySale(): Promise<Sale> {
  const op = await call<{ id: number }>('users.create', { name: 'Ana Caixa', role: 'caixa', pin: '1111' });
  await call('users.login', { userId: op.id, pin: '1111' });
  await call('sales.scan', { text: '1' });
  await call('sales.addPayment', { formCode: 1, amountCents: 2990 });
  const { sale } = await call<{ sale: Sale }>('sales.finalize');
  core.db.prepare(`UPDATE sales SET customer_cpf = ? WHERE id = ?`).run(ANA, sale.id);
  const withCpf = { ...sale, customerCpf: ANA };
  await core.services.loyalty.client.gerarBonus(withCpf, { cpf: ANA, campaignId: 101 }, { opKey: `${sale.id}:GerarBonus` });
  return withCpf;
}

const counts = (saleId: string) => ({
  status: (core.db.prepare(`SELECT status FROM sales WHERE id = ?`).get(saleId) as { status: string }).status,
  cancellations: (core.db.prepare(`SELECT count(*) AS n FROM sale_cancellations WHERE sale_id = ?`).get(saleId) as { n: number }).n,
  outbox: (core.db.prepare(`SELECT count(*) AS n FROM outbox WHERE sale_id = ? AND kind = 'hub.EstornarVenda'`).get(saleId) as { n: number }).n,
  audit: (core.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE sale_id = ? AND action = 'venda.cancelar'`).get(saleId) as { n: number }).n,
});

describe('cancelling a finished sale', () => {
  it('an Operador needs a Gerente; with the PIN: status, record, audit (both names) and EstornarVenda in one go', async () => {
    const sale = await loyaltySale();
    const before = hub.control.customer(ANA)!.currentCents;
    expect((await fail('cancellation.cancel', { saleId: sale.id, reason: 'Desistência do cliente' })).code).toBe('auth.approvalRequired');
    expect((await fail('cancellation.cancel', { saleId: sale.id, reason: 'Desistência do cliente', approval: { managerId: gerenteId(), pin: '0000' } })).code).toBe('users.wrongPin');
    expect(counts(sale.id)).toEqual({ status: 'finalizada', cancellations: 0, outbox: 0, audit: 0 });

    const r = await call<{ sale: Sale; cancellation: Cancellation }>('cancellation.cancel', {
      saleId: sale.id,
      reason: 'Desistência do cliente',
      approval: { managerId: gerenteId(), pin: '432100' },
      waitMs: 10_000,
    });
    expect(r.sale.status).toBe('cancelada');
    expect(r.sale.cancelledAt).not.toBeNull();
    expect(counts(sale.id)).toEqual({ status: 'cancelada', cancellations: 1, outbox: 1, audit: 1 });
    expect(r.cancellation).toMatchObject({ operatorName: 'Ana Caixa', approverName: 'Gerente', reason: 'Desistência do cliente' });
    expect(r.cancellation.reversal.state).toBe('done');
    expect(r.cancellation.reversal.generatedCents).toBe(150); // 5% of 29,90
    const audit = core.db.prepare(`SELECT * FROM audit_log WHERE action = 'venda.cancelar'`).get() as Record<string, unknown>;
    expect(audit).toMatchObject({ operator_name: 'Ana Caixa', approver_name: 'Gerente', amount_cents: 2990, reason: 'Desistência do cliente', sale_id: sale.id });
    const sent = hub.control.requests('EstornarVenda');
    expect(sent.length).toBe(1);
    expect(sent[0].body).toMatchObject({ DocumentoNF: String(sale.documentNumber), SerieNF: sale.series, Cpf: ANA, IdentificadorTransacao: r.cancellation.reversal.guid });
    expect(hub.control.customer(ANA)!.currentCents).toBe(before - 150);
    // The session is still the operator's, and a cancelled sale cannot be cancelled again.
    expect((await call<{ session: { name: string } }>('users.state')).session.name).toBe('Ana Caixa');
    const again = await fail('cancellation.cancel', { saleId: sale.id, reason: 'De novo', approval: { managerId: gerenteId(), pin: '432100' } });
    expect(again.code).toBe('sale.alreadyCancelled');
  });

  it('atomic: a hook that refuses leaves no status change, no outbox row, no audit row', async () => {
    const sale = await loyaltySale();
    refuseCancel = true;
    const e = await fail('cancellation.cancel', { saleId: sale.id, reason: 'Erro de digitação', approval: { managerId: gerenteId(), pin: '432100' } });
    expect(e.code).toBe('test.refuse');
    expect(counts(sale.id)).toEqual({ status: 'finalizada', cancellations: 0, outbox: 0, audit: 0 });
  });

  it('reversal failure → "Tentar Novamente" sends the same GUID → applied once', async () => {
    const sale = await loyaltySale();
    const before = hub.control.customer(ANA)!.currentCents;
    hub.control.setFault({ route: 'EstornarVenda', kind: 'http500' });
    const r = await call<{ cancellation: Cancellation }>('cancellation.cancel', {
      saleId: sale.id,
      reason: 'Produto com defeito',
      approval: { managerId: gerenteId(), pin: '432100' },
      waitMs: 10_000,
    });
    expect(r.cancellation.reversal.state).toBe('failed');
    expect(hub.control.customer(ANA)!.currentCents).toBe(before);
    hub.control.clearFaults();
    const retried = await call<Cancellation>('cancellation.retryReversal', { saleId: sale.id, waitMs: 10_000 });
    expect(retried.reversal.state).toBe('done');
    const guids = new Set(hub.control.requests('EstornarVenda').map((q) => (q.body as { IdentificadorTransacao: string }).IdentificadorTransacao));
    expect([...guids]).toEqual([r.cancellation.reversal.guid]);
    expect(hub.control.customer(ANA)!.currentCents).toBe(before - 150);
    // Retrying a done reversal changes nothing.
    await call('cancellation.retryReversal', { saleId: sale.id, waitMs: 1000 });
    expect(hub.control.customer(ANA)!.currentCents).toBe(before - 150);
  });

  it('hub down: "offline" (sent when the connection is back), then delivered once', async () => {
    const sale = await loyaltySale();
    await hub.control.setDown(true);
    const r = await call<{ cancellation: Cancellation }>('cancellation.cancel', {
      saleId: sale.id,
      reason: 'Venda duplicada',
      approval: { managerId: gerenteId(), pin: '432100' },
      waitMs: 10_000,
    });
    expect(r.cancellation.reversal.state).toBe('offline');
    expect(counts(sale.id)).toEqual({ status: 'cancelada', cancellations: 1, outbox: 1, audit: 1 });
    await hub.control.setDown(false);
    const back = await call<Cancellation>('cancellation.retryReversal', { saleId: sale.id, waitMs: 10_000 });
    expect(back.reversal.state).toBe('done');
    expect(hub.control.requests('EstornarVenda').filter((q) => q.status === 200).length).toBe(1);
  });

  it('a sale without a customer queues no reversal', async () => {
    await call('sales.scan', { text: '2' });
    await call('sales.addPayment', { formCode: 1, amountCents: 849 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    const r = await call<{ cancellation: Cancellation }>('cancellation.cancel', { saleId: sale.id, reason: 'Venda duplicada' });
    expect(r.cancellation).toMatchObject({ operatorName: 'Gerente', approverName: null, reversal: { state: 'none' } });
    expect(counts(sale.id)).toEqual({ status: 'cancelada', cancellations: 1, outbox: 0, audit: 1 });
  });
});
