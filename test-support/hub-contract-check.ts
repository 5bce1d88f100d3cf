/**
 * Test helper (not a test file): checks every hub message of ONE sale, as the
 * sandbox hub RECEIVED them, against the contract's "Totals" rules and
 * against each other (the same net everywhere, ValorResgatado = ValorResgate).
 * Returns the problems found (empty = consistent).
 */
import type { ReceivedRequest } from '../sandboxes/hub/server';

type Venda = {
  ValorLiquido: number;
  ValorBruto: number;
  DescontoTotalValor: number;
  ValorAcrescimo?: number;
  ValorResgate?: number;
  QuantidadeTotalItens: number;
  FormasDePagamento?: { Id: number; ValorPago: number }[];
  Itens: { Ordem: number; QuantidadeTotal: number; ValorUnitario: number; ValorBruto: number; ValorDesconto: number; ValorAcrescimo: number; ValorLiquido: number }[];
  DocumentoNF?: string;
  SerieNF?: string;
  Cpf: string;
};

const c = (v: number) => Math.round(v * 100);

export function checkVenda(v: Venda, where: string): string[] {
  const p: string[] = [];
  let bruto = 0;
  let desc = 0;
  let acr = 0;
  let qtd = 0;
  for (const it of v.Itens) {
    const b = c(it.ValorUnitario) * it.QuantidadeTotal;
    if (b !== c(it.ValorBruto)) p.push(`${where} item ${it.Ordem}: ValorBruto ≠ ValorUnitario × QuantidadeTotal`);
    if (c(it.ValorBruto) - c(it.ValorDesconto) + c(it.ValorAcrescimo) !== c(it.ValorLiquido)) p.push(`${where} item ${it.Ordem}: ValorLiquido ≠ Bruto − Desconto + Acréscimo`);
    bruto += c(it.ValorBruto);
    desc += c(it.ValorDesconto);
    acr += c(it.ValorAcrescimo);
    qtd += it.QuantidadeTotal;
  }
  if (bruto !== c(v.ValorBruto)) p.push(`${where}: ValorBruto ≠ Σ Itens.ValorBruto`);
  if (qtd !== v.QuantidadeTotalItens) p.push(`${where}: QuantidadeTotalItens ≠ Σ Itens.QuantidadeTotal`);
  if (v.ValorAcrescimo !== undefined && acr !== c(v.ValorAcrescimo)) p.push(`${where}: ValorAcrescimo ≠ Σ Itens.ValorAcrescimo`);
  if (c(v.ValorBruto) - c(v.DescontoTotalValor) + acr !== c(v.ValorLiquido)) p.push(`${where}: ValorLiquido ≠ Bruto − DescontoTotalValor + Acréscimo`);
  if (c(v.DescontoTotalValor) < desc + c(v.ValorResgate ?? 0)) p.push(`${where}: DescontoTotalValor < descontos dos itens + ValorResgate`);
  if (c(v.ValorLiquido) < 0) p.push(`${where}: ValorLiquido negativo`);
  if (v.FormasDePagamento) {
    const pago = v.FormasDePagamento.reduce((s, f) => s + c(f.ValorPago), 0);
    if (pago !== c(v.ValorLiquido)) p.push(`${where}: Σ FormasDePagamento.ValorPago ≠ ValorLiquido`);
    if (c(v.ValorLiquido) === 0 && !v.FormasDePagamento.some((f) => f.Id === 90)) p.push(`${where}: venda sem valor sem a forma 90 "Sem Pagamento"`);
  }
  return p;
}

/**
 * `requests`: what the sandbox received for this sale (e.g. filtered by GUIDs
 * of its outbox rows, or by DocumentoNF + Cpf). Checks each Venda and that
 * ResgatarSaldo/ConsultarCampanha/GerarBonus agree on the net and redemption.
 */
export function checkSaleMessages(requests: ReceivedRequest[]): string[] {
  const problems: string[] = [];
  const nets = new Map<string, number>();
  const redemptions = new Map<string, number>();
  const cpfs = new Set<string>();
  for (const r of requests) {
    const body = r.body as Record<string, unknown> & { Venda?: Venda };
    if (!r.route || !body) continue;
    if (body.Venda) {
      problems.push(...checkVenda(body.Venda, r.route));
      cpfs.add(body.Venda.Cpf);
      if (r.route !== 'ConsultarSaldo') nets.set(r.route, c(body.Venda.ValorLiquido));
      if (body.Venda.ValorResgate !== undefined) redemptions.set(r.route, c(body.Venda.ValorResgate));
    }
    if (r.route === 'ResgatarSaldo') {
      nets.set('ResgatarSaldo', c(body.VendaValorLiquido as number));
      redemptions.set('ResgatarSaldo', c(body.ValorResgatado as number));
      cpfs.add(body.Cpf as string);
    }
  }
  if (new Set(nets.values()).size > 1) problems.push(`ValorLiquido diferente entre as rotas: ${JSON.stringify(Object.fromEntries(nets))}`);
  if (new Set(redemptions.values()).size > 1) problems.push(`ValorResgate ≠ ValorResgatado: ${JSON.stringify(Object.fromEntries(redemptions))}`);
  if (cpfs.size > 1) problems.push(`CPFs diferentes na mesma venda: ${[...cpfs].join(', ')}`);
  return problems;
}

/** The requests a sale's outbox rows sent (by GUID), in the order received. */
export function requestsOfGuids(all: ReceivedRequest[], guids: string[]): ReceivedRequest[] {
  const set = new Set(guids.map((g) => g.toUpperCase()));
  return all.filter((r) => set.has(String((r.body as { IdentificadorTransacao?: string } | null)?.IdentificadorTransacao ?? '').toUpperCase()));
}
