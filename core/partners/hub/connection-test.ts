import type { ConnectionTestResult } from '../../../shared/api/loyalty';
import type { Sale } from '../../../shared/api/sales';
import type { HubClient } from './client';
import { HubBusinessError, HubCommunicationError, HubError, HubNotConfiguredError, HubOutOfStandardError } from './errors';

/** A valid CPF nobody owns (000.000.001-91): the probe asks its balance in an empty sale, a read-only call. */
export const PROBE_CPF = '00000000191';

export function probeSale(now: Date): Sale {
  const at = now.toISOString();
  return {
    id: '00000000-0000-4000-8000-000000000000',
    status: 'aberta',
    documentNumber: null,
    series: null,
    openedAt: at,
    finalizedAt: null,
    cancelledAt: null,
    operator: { id: 0, name: 'Teste de conexão' },
    customerCpf: PROBE_CPF,
    lines: [],
    payments: [],
    totals: {
      grossCents: 0,
      itemDiscountCents: 0,
      saleDiscountCents: 0,
      redemptionCents: 0,
      discountTotalCents: 0,
      surchargeCents: 0,
      netCents: 0,
      itemCount: 0,
      paidCents: 0,
      remainingCents: 0,
      changeCents: 0,
    },
  };
}

/** "Testar conexão": one ConsultarSaldo with the saved settings; the outcome in words. */
export async function testConnection(
  client: HubClient,
  describe: () => { partnerName: string | null; environmentLabel: string | null },
  now: () => Date,
  clock: () => number = () => performance.now(),
): Promise<ConnectionTestResult> {
  const started = clock();
  const ms = () => Math.round(clock() - started);
  try {
    await client.consultarSaldo(probeSale(now()), { cpf: PROBE_CPF });
    const d = describe();
    const durationMs = ms();
    return {
      ok: true,
      kind: 'ok',
      durationMs,
      message: `Conexão bem-sucedida: o parceiro ${d.partnerName ?? ''} respondeu em ${durationMs} ms${d.environmentLabel ? ` (ambiente ${d.environmentLabel})` : ''}.`.replace('  ', ' '),
    };
  } catch (err) {
    const durationMs = ms();
    if (err instanceof HubBusinessError) {
      return { ok: false, kind: 'business', durationMs, message: `O parceiro respondeu, mas recusou a consulta: ${err.hubMessage} (código ${err.hubCode}).` };
    }
    if (err instanceof HubCommunicationError) return { ok: false, kind: 'communication', durationMs, message: `Falha de comunicação: ${err.message}` };
    if (err instanceof HubOutOfStandardError) return { ok: false, kind: 'outOfStandard', durationMs, message: err.message };
    if (err instanceof HubNotConfiguredError) return { ok: false, kind: 'notConfigured', durationMs, message: err.message };
    if (err instanceof HubError) return { ok: false, kind: 'communication', durationMs, message: err.message };
    throw err;
  }
}
