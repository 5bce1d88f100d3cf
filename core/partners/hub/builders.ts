import { LoyaltyCustomer, type LoyaltyCustomerInput, type PinType } from '../../../shared/api/loyalty';
import type { Sale } from '../../../shared/api/sales';
import { isValidCpf, onlyDigits } from '../../../shared/cpf';
import { centsToDecimal } from '../../../shared/money';
import { AppError } from '../../kernel/errors';
import { lineItemCount, lineTotals, saleTotals } from '../../sales/totals';

/**
 * Request bodies from our model. Cents become decimals HERE and nowhere else;
 * every total comes from core/sales/totals.ts (the contract's "Totals").
 */

const dec = centsToDecimal;

export function hubCpf(text: string | null | undefined): string {
  const d = onlyDigits(text ?? '');
  if (!isValidCpf(d)) throw new AppError('hub.invalidCpf', 'CPF inválido: confira os dígitos.');
  return d;
}

export function hubPin(text: string): string {
  if (!/^\d{1,8}$/.test(text)) throw new AppError('hub.invalidPin', 'PIN inválido: use somente números, no máximo 8 dígitos.');
  return text;
}

export function buildCadastrarCliente(guid: string, input: LoyaltyCustomerInput) {
  const c: LoyaltyCustomer = LoyaltyCustomer.parse(input);
  return {
    IdentificadorTransacao: guid,
    Nome: c.name,
    RG: c.rg,
    CPF: hubCpf(c.cpf),
    EstadoCivil: c.maritalStatus,
    DataNascimento: c.birthDate, // null when unknown
    Sexo: c.sex,
    Profissao: c.profession,
    NomeMae: c.motherName,
    NomePai: c.fatherName,
    NomeConjuge: c.spouseName,
    Naturalidade: c.birthplace,
    Escolariedade: c.education,
    RendaMensal: dec(c.monthlyIncomeCents),
    NumeroDependentes: c.dependents,
    LocalDeTrabalho: c.workplace,
    TempoNoAtualEmprego: c.timeAtCurrentJob,
    Endereco: {
      Cep: onlyDigits(c.address.zip),
      Logradouro: c.address.street,
      Numero: c.address.number,
      Complemento: c.address.complement,
      Bairro: c.address.district,
      Cidade: c.address.city,
      UF: c.address.state,
      Pais: c.address.country,
    },
    Contato: { Telefone: c.contact.phone, Celular: c.contact.mobile, Email: c.contact.email },
  };
}

/**
 * `Itens[]`: each line as stored (already rounded to cents), totals from lineTotals. The contract's
 * QuantidadeTotal is an integer: a whole line sends its units; a fractional line (0,350 kg) sends
 * QuantidadeTotal 1 with ValorUnitario = the line's gross value, so ValorBruto = ValorUnitario ×
 * QuantidadeTotal still holds, and counts as 1 item in QuantidadeTotalItens (see README, hub contract notes).
 */
export function buildItems(sale: Pick<Sale, 'lines'>) {
  return sale.lines.map((l) => {
    const t = lineTotals(l);
    return {
      Ordem: l.order,
      Codigo: l.productCode,
      Ean: l.ean,
      Produto: l.description,
      QuantidadeTotal: lineItemCount(l),
      ValorUnitario: dec(l.fractional ? t.grossCents : l.unitPriceCents),
      ValorBruto: dec(t.grossCents),
      ValorDesconto: dec(l.discountCents),
      ValorAcrescimo: dec(l.surchargeCents),
      ValorLiquido: dec(t.netCents),
    };
  });
}

/** The sale's totals, recomputed from its lines with the one totals module. */
export function hubTotals(sale: Sale) {
  const t = saleTotals({
    lines: sale.lines,
    saleDiscountCents: sale.totals.saleDiscountCents,
    redemptionCents: sale.totals.redemptionCents,
    payments: sale.payments,
  });
  if (t.netCents < 0) throw new AppError('hub.negativeSale', 'O total da venda ficou negativo: revise os descontos.');
  return t;
}

function seller(sale: Sale) {
  return { Id: sale.operator.id, Nome: sale.operator.name };
}

function saleTime(sale: Sale, at?: string): string {
  return at ?? sale.finalizedAt ?? sale.openedAt;
}

/** `FormasDePagamento[]`: ValorPago is what was applied to the sale (change given back is not part of it). */
export function buildPayments(sale: Sale) {
  // Nothing to pay (the loyalty balance covered it all): form 90 "Sem Pagamento" with 0.
  if (sale.payments.length === 0 && sale.totals.netCents === 0 && sale.lines.length > 0) return [{ Id: 90, ValorPago: 0 }];
  return sale.payments.map((p) => ({ Id: p.formCode, ValorPago: dec(p.amountCents) }));
}

export interface SaleContext {
  cpf: string;
  /** DataHora; defaults to the sale's finalization (or opening) time. */
  at?: string;
}

export function buildConsultarSaldo(guid: string, sale: Sale, ctx: SaleContext) {
  const t = hubTotals(sale);
  return {
    IdentificadorTransacao: guid,
    Venda: {
      Cpf: hubCpf(ctx.cpf),
      Vendedor: seller(sale),
      DataHora: saleTime(sale, ctx.at),
      ValorLiquido: dec(t.netCents),
      ValorBruto: dec(t.grossCents),
      DescontoTotalValor: dec(t.discountTotalCents),
      QuantidadeTotalItens: t.itemCount,
      Itens: buildItems(sale),
    },
  };
}

export interface EnviarPinInput {
  cpf: string;
  pinType: PinType;
  mobile?: string;
  email?: string;
}

export function buildEnviarPin(guid: string, input: EnviarPinInput) {
  return {
    IdentificadorTransacao: guid,
    Celular: onlyDigits(input.mobile ?? ''),
    Email: (input.email ?? '').trim(),
    Cpf: hubCpf(input.cpf),
    TipoPin: input.pinType,
  };
}

export function buildValidarPin(guid: string, input: { cpf: string; pin: string }) {
  return { IdentificadorTransacao: guid, Cpf: hubCpf(input.cpf), Pin: hubPin(input.pin) };
}

export interface CampaignContext extends SaleContext {
  coupon?: string;
}

export function buildConsultarCampanha(guid: string, sale: Sale, ctx: CampaignContext) {
  const t = hubTotals(sale);
  return {
    IdentificadorTransacao: guid,
    Venda: {
      ValorLiquido: dec(t.netCents),
      ValorBruto: dec(t.grossCents),
      ValorAcrescimo: dec(t.surchargeCents),
      DescontoTotalValor: dec(t.discountTotalCents),
      ValorResgate: dec(t.redemptionCents),
      CupomDesconto: ctx.coupon ?? '',
      QuantidadeTotalItens: t.itemCount,
      FormasDePagamento: buildPayments(sale),
      Cpf: hubCpf(ctx.cpf),
      Vendedor: seller(sale),
      DataHora: saleTime(sale, ctx.at),
      Itens: buildItems(sale),
    },
  };
}

/**
 * ValorResgatado = the sale's redemption (the loyalty balance used as a
 * discount); VendaValorLiquido = the same net sent as Venda.ValorLiquido to
 * ConsultarCampanha and GerarBonus. Runs in every hub sale (0 when nothing was redeemed).
 */
export function buildResgatarSaldo(guid: string, sale: Sale, ctx: { cpf: string }) {
  const t = hubTotals(sale);
  return {
    IdentificadorTransacao: guid,
    Cpf: hubCpf(ctx.cpf),
    VendaValorLiquido: dec(t.netCents),
    ValorResgatado: dec(t.redemptionCents),
  };
}

export interface BonusContext extends CampaignContext {
  /** null = "Não Bonificar" or no campaign. */
  campaignId: number | null;
}

function saleDocument(sale: Sale): { DocumentoNF: string; SerieNF: string } {
  if (sale.documentNumber === null || sale.series === null) {
    throw new AppError('hub.saleNotFinalized', 'A venda ainda não tem número de documento: finalize-a antes de gerar o bônus.');
  }
  return { DocumentoNF: String(sale.documentNumber), SerieNF: sale.series };
}

export function buildGerarBonus(guid: string, sale: Sale, ctx: BonusContext) {
  const t = hubTotals(sale);
  const doc = saleDocument(sale);
  return {
    IdentificadorTransacao: guid,
    Venda: {
      Cpf: hubCpf(ctx.cpf),
      Vendedor: seller(sale),
      DataHora: saleTime(sale, ctx.at),
      ValorLiquido: dec(t.netCents),
      ValorBruto: dec(t.grossCents),
      DocumentoNF: doc.DocumentoNF,
      SerieNF: doc.SerieNF,
      DescontoTotalValor: dec(t.discountTotalCents),
      ValorResgate: dec(t.redemptionCents),
      CupomDesconto: ctx.coupon ?? '',
      QuantidadeTotalItens: t.itemCount,
      FormasDePagamento: buildPayments(sale),
      Itens: buildItems(sale),
    },
    CampanhaId: ctx.campaignId,
  };
}

export interface ReversalInput {
  cpf: string;
  documentNumber: number | string;
  series: string;
}

export function buildEstornarVenda(guid: string, input: ReversalInput) {
  return {
    IdentificadorTransacao: guid,
    DocumentoNF: String(input.documentNumber),
    SerieNF: input.series,
    Cpf: hubCpf(input.cpf),
  };
}

/** The most balance this sale may redeem: never above the available balance nor the net before redemption. */
export function maxRedeemableCents(sale: Sale, availableCents: number): number {
  const t = hubTotals({ ...sale, totals: { ...sale.totals, redemptionCents: 0 } });
  return Math.max(0, Math.min(availableCents, t.netCents));
}
