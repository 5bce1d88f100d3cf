import type { LoyaltyBalance, LoyaltyCampaign } from '../../../shared/api/loyalty';
import { decimalToCents } from '../../../shared/money';
import type { HubRoute } from './routes';
import type { HubResponse } from './schemas';

/** Validated contract responses → our domain (cents, camelCase). */

export function toBalance(r: HubResponse<'CadastrarCliente'> | HubResponse<'ConsultarSaldo'>, guid: string): LoyaltyBalance {
  return {
    guid,
    currentCents: decimalToCents(r.SaldoAtual),
    availableCents: decimalToCents(r.SaldoDisponivel),
    usesPin: r.UtilizaPin,
    pinType: r.TipoPin ?? null,
    registered: 'ClienteCadastrado' in r ? (r.ClienteCadastrado ?? null) : null,
  };
}

export interface CampaignsResult {
  guid: string;
  campaigns: LoyaltyCampaign[];
  /** HabilitaBotaoNaoBonificar: show "Não Bonificar". */
  allowNoBonus: boolean;
}

export function toCampaigns(r: HubResponse<'ConsultarCampanha'>, guid: string): CampaignsResult {
  return {
    guid,
    campaigns: r.Campanhas.map((c) => ({
      id: c.Id,
      description: c.Descricao,
      note: c.TextoComplementar ?? null,
      discountCents: decimalToCents(c.ValorDesconto),
      startsAt: c.DataInicio,
      endsAt: c.DataFinal,
    })),
    allowNoBonus: r.HabilitaBotaoNaoBonificar,
  };
}

export interface BonusResult {
  guid: string;
  generatedCents: number;
  bonusBalanceCents: number;
  message: string | null;
}

export function toBonus(r: HubResponse<'GerarBonus'>, guid: string): BonusResult {
  return {
    guid,
    generatedCents: decimalToCents(r.SaldoBonusGeradoVenda),
    bonusBalanceCents: decimalToCents(r.SaldoBonusAtual),
    message: r.MensagemComplementar ?? null,
  };
}

export interface ReversalResult {
  guid: string;
  reversedUsedCents: number;
  reversedGeneratedCents: number;
  bonusBalanceCents: number;
  message: string | null;
  at: string;
}

export function toReversal(r: HubResponse<'EstornarVenda'>, guid: string): ReversalResult {
  return {
    guid,
    reversedUsedCents: decimalToCents(r.ValorEstornadoUtilizado),
    reversedGeneratedCents: decimalToCents(r.ValorEstornadoGerado),
    bonusBalanceCents: decimalToCents(r.SaldoBonusAtual),
    message: r.MensagemComplementar ?? null,
    at: r.DataHora,
  };
}

export const MAPPERS = {
  CadastrarCliente: (r: HubResponse<'CadastrarCliente'>, guid: string) => toBalance(r, guid),
  ConsultarSaldo: (r: HubResponse<'ConsultarSaldo'>, guid: string) => toBalance(r, guid),
  EnviarPin: (_r: HubResponse<'EnviarPin'>, guid: string) => ({ guid }),
  ValidarPin: (r: HubResponse<'ValidarPin'>, guid: string) => ({ guid, valid: r.PinValido }),
  ConsultarCampanha: (r: HubResponse<'ConsultarCampanha'>, guid: string) => toCampaigns(r, guid),
  ResgatarSaldo: (_r: HubResponse<'ResgatarSaldo'>, guid: string) => ({ guid }),
  GerarBonus: (r: HubResponse<'GerarBonus'>, guid: string) => toBonus(r, guid),
  EstornarVenda: (r: HubResponse<'EstornarVenda'>, guid: string) => toReversal(r, guid),
} satisfies { [R in HubRoute]: (r: HubResponse<R>, guid: string) => unknown };

export type HubResult<R extends HubRoute> = ReturnType<(typeof MAPPERS)[R]>;
