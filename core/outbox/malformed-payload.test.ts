import { afterEach, describe, expect, it } from 'vitest';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { loadConfig } from '../app/config';
import { ANA, TOKEN } from '../../test-support/hub-kit';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { enqueueRoute, guidOf, insertFinalizedSale } from '../../test-support/hub-outbox-kit';

type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let core: TestCore | undefined;
let hub: HubSandbox | undefined;
afterEach(async () => {
  core?.close();
  await hub?.close();
  core = hub = undefined;
});

/**
 * A stored row whose payload does not fit its kind (an old build's row, a damaged file) is parsed at delivery by
 * the schema its channel registered, never cast: it becomes a row for a person in "Sincronização" with a clear
 * message, nothing reaches the partner, and the queue goes on delivering the other sales.
 */
describe('a malformed stored payload', () => {
  it('becomes a row needing attention, never a request and never a stalled queue', async () => {
    hub = await startHubSandbox({ port: 0 });
    const dir = tempDir();
    core = await createTestCore({ dataDir: dir, config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: hub.url }), hubTimeoutMs: 3000 });
    core.services.loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
    const { repo, worker } = core.services.outbox;
    const db = core.db;

    // Wrong shape: a GerarBonus row whose body is not an object, and a refund whose attempt is not a number.
    const wrongShape = db.transaction(() =>
      repo.enqueue({ kind: 'hub.GerarBonus', channel: 'hub', orderingKey: 'sale-a', saleId: null, payload: { route: 'GerarBonus', body: 'Cpf=123' } }),
    )();
    const wrongRefund = db.transaction(() =>
      repo.enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: 'sale-b', saleId: null, payload: { attemptId: 'um', amountCents: 100 } }),
    )();
    // Not JSON at all: the stored text damaged.
    const good1 = insertFinalizedSale(db, { cpf: ANA, documentNumber: 901 });
    const damaged = enqueueRoute(db, repo, good1, 'GerarBonus');
    db.prepare(`UPDATE outbox SET payload_json = ? WHERE id = ?`).run('{"route":"GerarBonus","body":{', damaged.id);
    // A well-formed row of another sale, queued after them.
    const good2 = insertFinalizedSale(db, { cpf: ANA, documentNumber: 902 });
    const fine = enqueueRoute(db, repo, good2, 'GerarBonus');
    worker.kick();

    const settled = (opId: string) => ['done', 'attention'].includes(repo.byOpId(opId)!.status);
    expect(await worker.until(() => [wrongShape, wrongRefund, damaged, fine].every((r) => settled(r.opId)), 60_000)).toBe(true);

    expect(repo.byOpId(fine.opId)!.status).toBe('done');
    for (const bad of [wrongShape, wrongRefund, damaged]) {
      expect(repo.byOpId(bad.opId)).toMatchObject({ status: 'attention', lastErrorCode: 'outbox.invalidPayload', attempts: 1 });
    }
    expect(repo.byOpId(wrongShape.opId)!.lastError).toMatch(/^Dados guardados de GerarBonus fora do formato \(body: .+\): nada foi enviado\. Descarte a operação e refaça-a\.$/);
    expect(repo.byOpId(wrongRefund.opId)!.lastError).toMatch(/^Dados guardados de Devolução PIX fora do formato \(attemptId: /);
    expect(repo.byOpId(damaged.opId)!.lastError).toMatch(/^Dados guardados de GerarBonus fora do formato/);
    // The partner heard only the well-formed row.
    expect(hub.control.requests('GerarBonus').map((r) => guidOf(r.body))).toEqual([fine.opId]);

    // "Sincronização" lists them for a person, who can discard them.
    const list = await core.dispatch('outbox.list', { status: 'attention' });
    expect(list.ok && (list.value as { total: number }).total).toBe(3);
    worker.discard(damaged.id, 'Linha danificada', 'Gerente (#1)');
    expect(repo.byOpId(damaged.opId)!.status).toBe('discarded');
  }, 90_000);
});
