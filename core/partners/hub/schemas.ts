import { z } from 'zod';
import { boundedId, boundedMoney, boundedText, isoDate } from '../../net/partner';
import type { HubRoute } from './routes';

/**
 * Response shapes per route (contract "Routes", fields marked * required).
 * Strict on types: a number sent as a string, a missing required field or a
 * money value with more than 2 decimal places is "outside the API standard".
 * Unknown extra fields are tolerated (partners add fields).
 * Bounded (issue 8, helpers in core/net/partner.ts): amounts finite, 0 ≤ v ≤
 * R$ 100.000.000, at most 2 decimals (refused, never rounded); dates ISO-8601;
 * strings length-capped; the echoed IdentificadorTransacao required (and
 * compared with the request's by the transport).
 */

/** A money decimal in reais: finite, 0 ≤ v ≤ R$ 100.000.000, at most 2 places. */
export const HubMoney = boundedMoney();
/** A balance: money (never negative, as every hub amount). */
const Balance = HubMoney;
/** The echoed GUID: required on every 2xx answer. */
const Guid = z.string().min(1, 'vazio').max(64, 'longo demais');
/** On a 400 the hub may or may not echo it. */
const OptionalGuid = z.string().max(64, 'longo demais').optional().nullable();
const OptionalText = boundedText().optional().nullable();
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
  Id: boundedId(),
  Descricao: boundedText(200),
  TextoComplementar: OptionalText,
  ValorDesconto: HubMoney,
  DataInicio: isoDate(),
  DataFinal: isoDate(),
});
/** `Campanhas` is required; its items' fields only matter when the list is not empty (an empty list has none to check). */
export const ConsultarCampanhaResponse = z.object({
  IdentificadorTransacao: Guid,
  Campanhas: z.array(Campanha).max(100, 'campanhas demais'),
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
  DataHora: isoDate(),
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
  IdentificadorTransacao: OptionalGuid,
  Codigo: z.union([z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1), boundedText(40)]),
  Mensagem: boundedText().min(1),
});

/** "Campo: problema" lines for the out-of-standard error (field names only, never values). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'corpo'}: ${i.message}`);
}
