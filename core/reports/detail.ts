import type { LoyaltyEffect, SaleDetail } from '../../shared/api/backoffice';
import { maskCpf } from '../../shared/cpf';
import { decimalToCents } from '../../shared/money';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';

interface OutboxRowLite {
  op_id: string;
  kind: string;
  status: string;
  result_json: string | null;
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

function effect(r: OutboxRowLite): LoyaltyEffect {
  let res: Record<string, unknown> = {};
  try {
    res = r.result_json ? (JSON.parse(r.result_json) as Record<string, unknown>) : {};
  } catch {
    /* unreadable result: shown without figures */
  }
  const campaign = typeof res.DescricaoCampanha === 'string' ? res.DescricaoCampanha : typeof res.Descricao === 'string' ? res.Descricao : null;
  return {
    kind: r.kind,
    label: LABELS[r.kind] ?? r.kind,
    status: r.status,
    opId: r.op_id,
    bonusCents: cents(res.SaldoBonusGeradoVenda),
    reversedUsedCents: cents(res.ValorEstornadoUtilizado),
    reversedBonusCents: cents(res.ValorEstornadoGerado),
    balanceCents: cents(res.SaldoBonusAtual),
    campaign,
    message: (typeof res.MensagemComplementar === 'string' && res.MensagemComplementar) || r.last_error,
    createdAt: r.created_at,
    doneAt: r.done_at,
  };
}

/** Sale detail for Minhas vendas: the sale, its loyalty effects (outbox results), print history and sync state. */
export function saleDetail(db: Db, sales: SalesService, id: string): SaleDetail {
  const sale = sales.get(id);
  const extra = db.prepare<[string], { shift_id: number | null }>(`SELECT shift_id FROM sales WHERE id = ?`).get(id);
  const rows = db
    .prepare<[string], OutboxRowLite>(`SELECT op_id, kind, status, result_json, last_error, created_at, done_at FROM outbox WHERE sale_id = ? ORDER BY seq`)
    .all(id);
  const prints = db
    .prepare<[string], { id: number; kind: string; title: string; status: string; created_at: string; printed_at: string | null }>(
      `SELECT id, kind, title, status, created_at, printed_at FROM print_jobs WHERE sale_id = ? ORDER BY id`,
    )
    .all(id);
  return {
    sale,
    customerCpfMasked: sale.customerCpf ? maskCpf(sale.customerCpf) : null,
    shiftId: extra?.shift_id ?? null,
    loyalty: rows.filter((r) => r.kind.startsWith('hub.')).map(effect),
    prints: prints.map((p) => ({ id: p.id, kind: p.kind, title: p.title, status: p.status, createdAt: p.created_at, printedAt: p.printed_at })),
    sync: {
      pending: rows.filter((r) => ['pending', 'sending', 'retrying'].includes(r.status)).length,
      attention: rows.filter((r) => r.status === 'attention').length,
      done: rows.filter((r) => r.status === 'done').length,
    },
  };
}
