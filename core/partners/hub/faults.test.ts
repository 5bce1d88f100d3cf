import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubBusinessError, HubCommunicationError, HubOutOfStandardError, OUT_OF_STANDARD_MESSAGE } from './errors';
import { HUB_ROUTE_KEYS, type HubRoute } from './routes';
import { ANA, CARLA, callRoute, makeSale, newOpKey, setupHub, type HubKit } from '../../../test-support/hub-kit';

/** Every fault kind on every route → the right error class, a pt-BR message, and the hub_operations row telling the truth. */

const TIMEOUT_MS = 300;
let kit: HubKit;

beforeEach(async () => {
  kit = await setupHub({ timeoutMs: TIMEOUT_MS });
});
afterEach(async () => {
  await kit.close();
});

type Row = { status: string; attempts: number; response_json: string | null; http_status: number | null; error_message: string | null; duration_ms: number | null };
const rows = () => kit.db.prepare(`SELECT * FROM hub_operations ORDER BY rowid`).all() as Row[];

async function failing(route: HubRoute): Promise<unknown> {
  const err = await callRoute(kit.loyalty, route).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${route} deveria falhar`).not.toBeNull();
  return err;
}

function onlyRow(status: string): Row {
  const all = rows();
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({ status, attempts: 1, response_json: null });
  return all[0];
}

describe.each(HUB_ROUTE_KEYS.map((r) => [r]))('%s', (route) => {
  it('HTTP 500 → communication error (server), row communication_error', async () => {
    kit.sandbox.control.setFault({ route, kind: 'http500' });
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubCommunicationError);
    expect(err).toMatchObject({ reason: 'server', httpStatus: 500 });
    expect((err as Error).message).toBe(`O parceiro está com erro interno (HTTP 500) na operação ${route}. Tente novamente em instantes.`);
    expect(onlyRow('communication_error').http_status).toBe(500);
  });

  it('never answers → timeout after the configured timeout', async () => {
    kit.sandbox.control.setFault({ route, kind: 'timeout' });
    const started = performance.now();
    const err = await failing(route);
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(err).toBeInstanceOf(HubCommunicationError);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect((err as Error).message).toBe('O Hub Fidelidade não respondeu em 0,3 s (tempo esgotado).');
    expect(onlyRow('communication_error').http_status).toBeNull();
  });

  it('latency beyond the timeout → timeout; within it → success', async () => {
    kit.sandbox.control.setFault({ route, kind: 'latency', latencyMs: TIMEOUT_MS + 300, times: 1 });
    expect(await failing(route)).toMatchObject({ reason: 'timeout' });
    // The sandbox still finishes (and may apply) the late request: wait for it, then start from a clean partner
    // state, so the next call never races it (e.g. a late EstornarVenda of the same document).
    await vi.waitFor(() => expect(kit.sandbox.control.requests(route).every((r) => r.status !== null)).toBe(true), { timeout: 60_000, interval: 20 });
    kit.sandbox.control.reset();
    kit.sandbox.control.setFault({ route, kind: 'latency', latencyMs: 60 });
    if (route === 'EstornarVenda') await kit.loyalty.client.gerarBonus(makeSale({ cpf: CARLA, redemptionCents: 0 }), { cpf: CARLA, campaignId: 101 }, { opKey: newOpKey() });
    await callRoute(kit.loyalty, route);
    const last = rows().filter((r) => (r as unknown as { route: string }).route === route).pop()!;
    expect(last.status).toBe('succeeded');
    expect(last.duration_ms).toBeGreaterThanOrEqual(55);
  });

  it('dropped connection → communication error (reset)', async () => {
    kit.sandbox.control.setFault({ route, kind: 'drop' });
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubCommunicationError);
    expect(err).toMatchObject({ reason: 'reset' });
    expect((err as Error).message).toBe('A conexão com o Hub Fidelidade caiu antes da resposta.');
    onlyRow('communication_error');
  });

  it('non-JSON body → out-of-standard, row out_of_standard', async () => {
    kit.sandbox.control.setFault({ route, kind: 'malformed', malformed: 'not-json' });
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubOutOfStandardError);
    expect((err as Error).message).toBe(`${OUT_OF_STANDARD_MESSAGE} (${route}: corpo: não é JSON).`);
    onlyRow('out_of_standard');
  });

  it('wrong-shape body (missing/mistyped required field) → out-of-standard, never a silent 0', async () => {
    kit.sandbox.control.setFault({ route, kind: 'malformed', malformed: 'wrong-shape' });
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubOutOfStandardError);
    expect((err as Error).message.startsWith(`${OUT_OF_STANDARD_MESSAGE} (${route}: `)).toBe(true);
    onlyRow('out_of_standard');
  });

  it('HTTP 400 business error → its Mensagem, row business_error', async () => {
    kit.sandbox.control.setFault({ route, kind: 'business', codigo: 77, mensagem: 'Cliente bloqueado no programa.' });
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubBusinessError);
    expect(err).toMatchObject({ hubCode: 77, message: 'Cliente bloqueado no programa.' });
    const row = onlyRow('business_error');
    expect(row.http_status).toBe(400);
    expect(row.error_message).toBe('Cliente bloqueado no programa.');
  });

  it('whole hub down → communication error (refused)', async () => {
    await kit.sandbox.control.setDown(true);
    const err = await failing(route);
    expect(err).toBeInstanceOf(HubCommunicationError);
    expect(err).toMatchObject({ reason: 'refused' });
    // No address or port in what people read (issue 21).
    expect((err as Error).message).toBe('Não foi possível conectar ao Hub Fidelidade (conexão recusada): o serviço parece fora do ar.');
    onlyRow('communication_error');
    await kit.sandbox.control.setDown(false);
    if (route === 'EstornarVenda') await kit.loyalty.client.gerarBonus(makeSale({ cpf: CARLA, redemptionCents: 0 }), { cpf: CARLA, campaignId: 101 }, { opKey: newOpKey() });
    await callRoute(kit.loyalty, route); // back up on the same address
  });
});

describe('nothing moves on the partner when the call failed before it was applied', () => {
  it.each(['http500', 'timeout', 'drop', 'malformed', 'business'] as const)('ResgatarSaldo with %s leaves the balance untouched', async (kind) => {
    kit.sandbox.control.setFault({ route: 'ResgatarSaldo', kind, malformed: 'not-json' });
    await expect(kit.loyalty.client.resgatarSaldo(makeSale(), { cpf: ANA }, { opKey: newOpKey() })).rejects.toBeTruthy();
    expect(kit.sandbox.control.customer(ANA)).toMatchObject({ availableCents: 12000, currentCents: 15000 });
    expect(rows()[0].status).not.toBe('succeeded');
  });

  it('a token the partner does not accept → its 400 Mensagem', async () => {
    kit.sandbox.control.setTokens(['outra-chave']);
    const err = await kit.loyalty.client.consultarSaldo(makeSale(), { cpf: ANA }).catch((e) => e);
    expect(err).toBeInstanceOf(HubBusinessError);
    expect((err as Error).message).toBe('Chave de Integração inválida para este parceiro.');
  });
});
