import type { LoyaltyEffect, SaleDetail } from '../../shared/api/sales-query';
import { maskCpf } from '../../shared/cpf';
import { maskedCustomer } from '../sales/handlers';
import { decimalToCents } from '../../shared/money';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';

interface OutboxRowLite {
  op_id: string;
  kind: string;
  status: string;
  result_json: string | null;
  payload_json: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

const LABELS: Record<string, string> = {
  'hub.ResgatarSaldo': 'Resgate de saldo',
  'hub.GerarBonus': 'Bônus gerado',
  'hub.EstornarVenda': 'Estorno no Hub',
  'hub.ConsultarCampanha': 'Campanha',
};

const cents = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? decimalToCents(v) : null);
const intCents = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const obj = (json: string | null): Record<string, unknown> => {
  try {
    const v: unknown = json ? JSON.parse(json) : null;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {}; // unreadable: shown without figures
  }
};

/**
 * One loyalty effect from an outbox row. Delivered rows keep the client's mapped answer in cents
 * (BonusResult, ReversalResult, CampaignsResult); the hub's raw field names are read too, for rows
 * written by other versions. The campaign is the one GerarBonus named (CampanhaId), described by the
 * sale's ConsultarCampanha answer when there is one.
 */
function effect(r: OutboxRowLite, campaigns: Map<number, string>): LoyaltyEffect {
  const res = obj(r.result_json);
  const body = (obj(r.payload_json).body ?? {}) as Record<string, unknown>;
  const campaignId = typeof body.CampanhaId === 'number' ? body.CampanhaId : null;
  return {
    kind: r.kind,
    label: LABELS[r.kind] ?? r.kind,
    status: r.status,
    opId: r.op_id,
    bonusCents: intCents(res.generatedCents) ?? cents(res.SaldoBonusGeradoVenda),
    reversedUsedCents: intCents(res.reversedUsedCents) ?? cents(res.ValorEstornadoUtilizado),
    reversedBonusCents: intCents(res.reversedGeneratedCents) ?? cents(res.ValorEstornadoGerado),
    // A GerarBonus with no bonus carries SaldoBonusAtual = 0 by contract, not the customer's balance.
    balanceCents: r.kind === 'hub.GerarBonus' && !((intCents(res.generatedCents) ?? cents(res.SaldoBonusGeradoVenda) ?? 0) > 0) ? null : (intCents(res.bonusBalanceCents) ?? cents(res.SaldoBonusAtual)),
    campaign: r.kind === 'hub.GerarBonus' && campaignId !== null ? (campaigns.get(campaignId) ?? `Campanha ${campaignId}`) : null,
    message: (typeof res.message === 'string' && res.message) || (typeof res.MensagemComplementar === 'string' && res.MensagemComplementar) || r.last_error,
    createdAt: r.created_at,
    doneAt: r.done_at,
  };
}

function campaignNames(rows: OutboxRowLite[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const r of rows) {
    if (r.kind !== 'hub.ConsultarCampanha') continue;
    const list = obj(r.result_json).campaigns;
    if (Array.isArray(list)) for (const c of list) if (c && typeof c.id === 'number' && typeof c.description === 'string') names.set(c.id, c.description);
  }
  return names;
}

const ROWS_SQL = `SELECT op_id, kind, status, result_json, payload_json, last_error, created_at, done_at FROM outbox WHERE sale_id = ? ORDER BY seq`;

function effectsOf(db: Db, id: string, rows: OutboxRowLite[]): LoyaltyEffect[] {
  const names = campaignNames(rows);
  // The campaign chosen on the "Campanhas" screen (loyalty at the counter keeps it with the sale).
  const chosen = db
    .prepare<[string], { campaign_id: number | null; campaign_description: string | null }>(`SELECT campaign_id, campaign_description FROM sale_loyalty WHERE sale_id = ?`)
    .get(id);
  if (chosen?.campaign_id != null && chosen.campaign_description) names.set(chosen.campaign_id, chosen.campaign_description);
  return rows.filter((r) => r.kind.startsWith('hub.')).map((r) => effect(r, names));
}

/** A sale's loyalty effects (its hub operations in the outbox, with the hub's answers), oldest first. */
export function loyaltyEffects(db: Db, saleId: string): LoyaltyEffect[] {
  return effectsOf(db, saleId, db.prepare<[string], OutboxRowLite>(ROWS_SQL).all(saleId));
}

/** Sale detail for Minhas vendas: the sale, its loyalty effects (outbox results), print history and sync state. */
export function saleDetail(db: Db, sales: SalesService, id: string): SaleDetail {
  const sale = sales.get(id);
  const extra = db.prepare<[string], { shift_id: number | null }>(`SELECT shift_id FROM sales WHERE id = ?`).get(id);
  const rows = db.prepare<[string], OutboxRowLite>(ROWS_SQL).all(id);
  const prints = db
    .prepare<[string], { id: number; kind: string; title: string; status: string; created_at: string; printed_at: string | null }>(
      `SELECT id, kind, title, status, created_at, printed_at FROM print_jobs WHERE sale_id = ? ORDER BY id`,
    )
    .all(id);
  return {
    sale: maskedCustomer(sale),
    customerCpfMasked: sale.customerCpf ? maskCpf(sale.customerCpf) : null,
    shiftId: extra?.shift_id ?? null,
    loyalty: effectsOf(db, id, rows),
    prints: prints.map((p) => ({ id: p.id, kind: p.kind, title: p.title, status: p.status, createdAt: p.created_at, printedAt: p.printed_at })),
    sync: {
      pending: rows.filter((r) => ['pending', 'sending', 'retrying'].includes(r.status)).length,
      attention: rows.filter((r) => r.status === 'attention').length,
      done: rows.filter((r) => r.status === 'done').length,
    },
  };
}
