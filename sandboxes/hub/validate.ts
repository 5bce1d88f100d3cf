import { z } from 'zod';
import { isValidCnpj, isValidCpf } from '../../shared/cpf';
import { PAYMENT_FORMS } from '../../shared/api/sales';

/**
 * The sandbox's own reading of the contract (independent of core/loyalty, so
 * the contract tests check one implementation against another). A violation
 * becomes HTTP 400 {IdentificadorTransacao, Codigo, Mensagem}.
 */

export class Violation extends Error {
  constructor(
    readonly codigo: number,
    message: string,
  ) {
    super(message);
  }
}

export const CODES = {
  header: 10,
  token: 11,
  cnpj: 12,
  ambiente: 13,
  produto: 14,
  json: 20,
  guid: 21,
  shape: 22,
  cpf: 23,
  pin: 24,
  totals: 25,
  guidOtherRoute: 26,
  notRegistered: 30,
  noDestination: 31,
  insufficient: 40,
  campaign: 50,
  alreadyBonused: 51,
  reversalNotFound: 60,
  injected: 99,
} as const;

export const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const cents = (v: number) => Math.round(v * 100);
const Dec = z.number().refine((v) => Number.isFinite(v) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'decimal com no máximo 2 casas');
const Int = z.number().int();
const Str = z.string();
const Cpf = z.string().refine((v) => /^\d{11}$/.test(v) && isValidCpf(v), 'CPF inválido (11 dígitos, sem pontuação, dígitos verificadores)');
const DataHora = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'DataHora não é ISO-8601');
const Vendedor = z.object({ Id: Int, Nome: Str });
const Item = z.object({
  Ordem: Int,
  Codigo: Int,
  Ean: Str,
  Produto: Str,
  QuantidadeTotal: Int.min(1),
  ValorUnitario: Dec,
  ValorBruto: Dec,
  ValorDesconto: Dec,
  ValorAcrescimo: Dec,
  ValorLiquido: Dec,
});
const Forma = z.object({
  Id: Int.refine((v) => v in PAYMENT_FORMS, 'código de forma de pagamento desconhecido'),
  ValorPago: Dec,
});
const Guid = z.string().regex(GUID_RE, 'IdentificadorTransacao não é um GUID');

export const REQUEST_SCHEMAS = {
  CadastrarCliente: z.object({
    IdentificadorTransacao: Guid,
    Nome: Str,
    RG: Str,
    CPF: Cpf,
    EstadoCivil: Int.min(1).max(7),
    // A date (ISO-8601) or null when unknown; "" or "31/12/1990" breaks a strictly typed hub.
    DataNascimento: z
      .string()
      .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'DataNascimento não é uma data ISO-8601')
      .nullable(),
    Sexo: Int.min(0).max(2),
    Profissao: Str,
    NomeMae: Str,
    NomePai: Str,
    NomeConjuge: Str,
    Naturalidade: Str,
    Escolariedade: Int.min(0).max(5),
    RendaMensal: Dec,
    NumeroDependentes: Int.min(0),
    LocalDeTrabalho: Str,
    TempoNoAtualEmprego: Str,
    Endereco: z.object({ Cep: Str, Logradouro: Str, Numero: Str, Complemento: Str, Bairro: Str, Cidade: Str, UF: Str, Pais: Str }),
    Contato: z.object({ Telefone: Str, Celular: Str, Email: Str }),
  }),
  ConsultarSaldo: z.object({
    IdentificadorTransacao: Guid,
    Venda: z.object({
      Cpf,
      Vendedor,
      DataHora,
      ValorLiquido: Dec,
      ValorBruto: Dec,
      DescontoTotalValor: Dec,
      QuantidadeTotalItens: Int,
      Itens: z.array(Item),
    }),
  }),
  EnviarPin: z.object({ IdentificadorTransacao: Guid, Celular: Str, Email: Str, Cpf, TipoPin: z.union([z.literal(1), z.literal(2)]) }),
  ValidarPin: z.object({
    IdentificadorTransacao: Guid,
    Cpf,
    Pin: Str.refine((v) => /^\d{1,8}$/.test(v), 'PIN deve ter somente dígitos, no máximo 8'),
  }),
  ConsultarCampanha: z.object({
    IdentificadorTransacao: Guid,
    Venda: z.object({
      ValorLiquido: Dec,
      ValorBruto: Dec,
      ValorAcrescimo: Dec,
      DescontoTotalValor: Dec,
      ValorResgate: Dec,
      CupomDesconto: Str,
      QuantidadeTotalItens: Int,
      FormasDePagamento: z.array(Forma),
      Cpf,
      Vendedor,
      DataHora,
      Itens: z.array(Item),
    }),
  }),
  ResgatarSaldo: z.object({ IdentificadorTransacao: Guid, Cpf, VendaValorLiquido: Dec, ValorResgatado: Dec.refine((v) => v >= 0, 'negativo') }),
  GerarBonus: z.object({
    IdentificadorTransacao: Guid,
    Venda: z.object({
      Cpf,
      Vendedor,
      DataHora,
      ValorLiquido: Dec,
      ValorBruto: Dec,
      DocumentoNF: Str.min(1),
      SerieNF: Str.min(1),
      DescontoTotalValor: Dec,
      ValorResgate: Dec,
      CupomDesconto: Str,
      QuantidadeTotalItens: Int,
      FormasDePagamento: z.array(Forma),
      Itens: z.array(Item),
    }),
    CampanhaId: Int.nullable(),
  }),
  EstornarVenda: z.object({ IdentificadorTransacao: Guid, DocumentoNF: Str.min(1), SerieNF: Str.min(1), Cpf }),
};
export type SandboxRoute = keyof typeof REQUEST_SCHEMAS;
export const SANDBOX_ROUTES = Object.keys(REQUEST_SCHEMAS) as SandboxRoute[];
export type RequestOf<R extends SandboxRoute> = z.infer<(typeof REQUEST_SCHEMAS)[R]>;

export interface HubHeaders {
  authorization?: string;
  cnpj?: string;
  tipo_ambiente?: string;
  produto_descricao?: string;
}

export function checkHeaders(h: HubHeaders, acceptedTokens: string[] | null): void {
  const token = h.authorization ?? '';
  if (!token) throw new Violation(CODES.token, 'Cabeçalho Authorization ausente.');
  if (token.length > 600) throw new Violation(CODES.token, 'Authorization com mais de 600 caracteres.');
  if (acceptedTokens && !acceptedTokens.includes(token)) throw new Violation(CODES.token, 'Chave de Integração inválida para este parceiro.');
  if (!h.cnpj || !/^\d{14}$/.test(h.cnpj) || !isValidCnpj(h.cnpj)) throw new Violation(CODES.cnpj, 'Cabeçalho cnpj ausente ou inválido (14 dígitos, sem pontuação).');
  if (h.tipo_ambiente !== '0' && h.tipo_ambiente !== '1') throw new Violation(CODES.ambiente, 'Cabeçalho tipo_ambiente deve ser 0 (Homologação) ou 1 (Produção).');
  if (!h.produto_descricao) throw new Violation(CODES.produto, 'Cabeçalho produto_descricao ausente.');
}

export function parseBody<R extends SandboxRoute>(route: R, body: unknown): RequestOf<R> {
  const r = REQUEST_SCHEMAS[route].safeParse(body);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first.path.join('.') || 'corpo';
    const code = /Cpf|CPF/.test(where) ? CODES.cpf : where === 'Pin' ? CODES.pin : where === 'IdentificadorTransacao' ? CODES.guid : CODES.shape;
    throw new Violation(code, `Requisição fora do contrato em ${where}: ${first.message}.`);
  }
  return r.data as RequestOf<R>;
}

type Venda = {
  ValorLiquido: number;
  ValorBruto: number;
  DescontoTotalValor: number;
  QuantidadeTotalItens: number;
  Itens: z.infer<typeof Item>[];
  ValorAcrescimo?: number;
  ValorResgate?: number;
  FormasDePagamento?: z.infer<typeof Forma>[];
};

/** The contract's "Totals" rules, checked on what arrived. */
export function checkTotals(v: Venda): void {
  const fail = (m: string) => {
    throw new Violation(CODES.totals, `Totais inconsistentes: ${m}.`);
  };
  let bruto = 0;
  let desc = 0;
  let acr = 0;
  let qtd = 0;
  for (const it of v.Itens) {
    const b = cents(it.ValorUnitario) * it.QuantidadeTotal;
    if (b !== cents(it.ValorBruto)) fail(`item ${it.Ordem}: ValorBruto ≠ ValorUnitario × QuantidadeTotal`);
    if (b - cents(it.ValorDesconto) + cents(it.ValorAcrescimo) !== cents(it.ValorLiquido)) fail(`item ${it.Ordem}: ValorLiquido ≠ Bruto − Desconto + Acréscimo`);
    bruto += b;
    desc += cents(it.ValorDesconto);
    acr += cents(it.ValorAcrescimo);
    qtd += it.QuantidadeTotal;
  }
  if (bruto !== cents(v.ValorBruto)) fail('ValorBruto ≠ Σ Itens.ValorBruto');
  if (qtd !== v.QuantidadeTotalItens) fail('QuantidadeTotalItens ≠ Σ Itens.QuantidadeTotal');
  if (v.ValorAcrescimo !== undefined && acr !== cents(v.ValorAcrescimo)) fail('ValorAcrescimo ≠ Σ Itens.ValorAcrescimo');
  if (cents(v.ValorBruto) - cents(v.DescontoTotalValor) + acr !== cents(v.ValorLiquido)) fail('ValorLiquido ≠ Bruto − DescontoTotalValor + Acréscimo');
  if (cents(v.DescontoTotalValor) < desc + cents(v.ValorResgate ?? 0)) fail('DescontoTotalValor menor que os descontos dos itens + ValorResgate');
  if (v.FormasDePagamento) {
    const pago = v.FormasDePagamento.reduce((s, f) => s + cents(f.ValorPago), 0);
    if (pago !== cents(v.ValorLiquido)) fail('Σ FormasDePagamento.ValorPago ≠ ValorLiquido');
  }
}
