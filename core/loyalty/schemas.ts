import { z } from 'zod';
import type { HubRoute } from './routes';

/**
 * Response shapes per route (contract "Routes", fields marked * required).
 * Strict on types: a number sent as a string, a missing required field or a
 * money value with more than 2 decimal places is "outside the API standard".
 * Unknown extra fields are tolerated (partners add fields).
 */

const twoPlaces = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
/** A money decimal in reais, at most 2 places. */
export const HubMoney = z.number().refine(Number.isFinite, 'não é um número finito').refine(twoPlaces, 'mais de 2 casas decimais');
/** A balance: money, never negative. */
const Balance = HubMoney.refine((v) => v >= 0, 'saldo negativo');
const Guid = z.string().optional().nullable();
const OptionalText = z.string().optional().nullable();
const PinTypeField = z.union([z.literal(1), z.literal(2)]).optional().nullable();

const withPinType = <T extends { UtilizaPin: boolean; TipoPin?: 1 | 2 | null }>(v: T, ctx: z.RefinementCtx) => {
  if (v.UtilizaPin && (v.TipoPin === undefined || v.TipoPin === null)) {
    ctx.addIssue({ code: 'custom', path: ['TipoPin'], message: 'obrigatório quando UtilizaPin é verdadeiro' });
  }
};

/** What CadastrarCliente and ConsultarSaldo both answer: the customer's balances and PIN use. */
const BalanceAnswer = z.object({
  IdentificadorTransacao: Guid,
  SaldoAtual: Balance,
  SaldoDisponivel: Balance,
  UtilizaPin: z.boolean(),
  TipoPin: PinTypeField,
});

export const CadastrarClienteResponse = BalanceAnswer.extend({
  ClienteCadastrado: z.boolean().optional().nullable(),
}).superRefine(withPinType);

export const ConsultarSaldoResponse = BalanceAnswer.superRefine(withPinType);

export const EnviarPinResponse = z.object({ IdentificadorTransacao: Guid });

export const ValidarPinResponse = z.object({ IdentificadorTransacao: Guid, PinValido: z.boolean() });

export const Campanha = z.object({
  Id: z.number().int(),
  Descricao: z.string(),
  TextoComplementar: OptionalText,
  ValorDesconto: HubMoney,
  DataInicio: z.string(),
  DataFinal: z.string(),
});
/** `Campanhas` is required; its items' fields only matter when the list is not empty (an empty list has none to check). */
export const ConsultarCampanhaResponse = z.object({
  IdentificadorTransacao: Guid,
  Campanhas: z.array(Campanha),
  HabilitaBotaoNaoBonificar: z.boolean(),
});

export const ResgatarSaldoResponse = z.object({ IdentificadorTransacao: Guid });

export const GerarBonusResponse = z.object({
  IdentificadorTransacao: Guid,
  SaldoBonusGeradoVenda: Balance,
  SaldoBonusAtual: Balance,
  MensagemComplementar: OptionalText,
});

export const EstornarVendaResponse = z.object({
  IdentificadorTransacao: Guid,
  ValorEstornadoUtilizado: Balance,
  ValorEstornadoGerado: Balance,
  SaldoBonusAtual: Balance,
  MensagemComplementar: OptionalText,
  DataHora: z.string(),
});

export const RESPONSE_SCHEMAS = {
  CadastrarCliente: CadastrarClienteResponse,
  ConsultarSaldo: ConsultarSaldoResponse,
  EnviarPin: EnviarPinResponse,
  ValidarPin: ValidarPinResponse,
  ConsultarCampanha: ConsultarCampanhaResponse,
  ResgatarSaldo: ResgatarSaldoResponse,
  GerarBonus: GerarBonusResponse,
  EstornarVenda: EstornarVendaResponse,
} satisfies Record<HubRoute, z.ZodType>;

export type HubResponse<R extends HubRoute> = z.output<(typeof RESPONSE_SCHEMAS)[R]>;

/** HTTP 400 body. The seed's table calls `Codigo` a string while its example shows a number: accept both. */
export const BusinessErrorBody = z.object({
  IdentificadorTransacao: Guid,
  Codigo: z.union([z.number(), z.string()]),
  Mensagem: z.string().min(1),
});

/** "Campo: problema" lines for the out-of-standard error (field names only, never values). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'corpo'}: ${i.message}`);
}
