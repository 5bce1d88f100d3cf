import { randomInt } from 'node:crypto';
import { CODES, Violation, type RequestOf, type SandboxRoute } from './validate';

/** The sandbox hub's memory: customers, PINs "sent", campaigns, sales scored, answers by GUID. Money in cents. */

export interface Customer {
  cpf: string;
  name: string;
  currentCents: number;
  availableCents: number;
  usesPin: boolean;
  pinType: 1 | 2 | null;
  mobile: string;
  email: string;
}

export interface PinSent {
  at: string;
  cpf: string;
  name: string;
  channel: 'SMS' | 'E-mail';
  destination: string;
  pin: string;
}

export interface CampaignDef {
  Id: number;
  Descricao: string;
  TextoComplementar: string | null;
  /** Bonus as basis points of the sale's net (500 = 5%); ValorDesconto reports it in reais. */
  bonusBasisPoints: number;
  DataInicio: string;
  DataFinal: string;
}

export interface ScoredSale {
  documentNumber: string;
  series: string;
  cpf: string;
  redeemedCents: number;
  bonusCents: number;
  reversed: boolean;
}

/** One applied request (its GUID seen for the first time and its effect run). */
export interface AppliedEffect {
  route: SandboxRoute;
  guid: string;
  status: number;
}

/** Well-known sandbox customers (valid CPFs) — documented on the sandbox page. */
export const SEED_CUSTOMERS: Customer[] = [
  { cpf: '52998224725', name: 'Ana Souza', currentCents: 150_00, availableCents: 120_00, usesPin: true, pinType: 1, mobile: '11987654321', email: 'ana@example.com' },
  { cpf: '11144477735', name: 'Bruno Lima', currentCents: 80_00, availableCents: 80_00, usesPin: true, pinType: 2, mobile: '', email: 'bruno@example.com' },
  { cpf: '39053344705', name: 'Carla Dias', currentCents: 45_90, availableCents: 45_90, usesPin: false, pinType: null, mobile: '11912345678', email: '' },
];
/** Valid but not registered: CadastrarCliente registers it. */
export const UNKNOWN_CPF = '12345678909';

export const DEFAULT_CAMPAIGNS: CampaignDef[] = [
  { Id: 101, Descricao: 'Bônus 5% na compra', TextoComplementar: 'Válido para todas as compras', bonusBasisPoints: 500, DataInicio: '2026-01-01T00:00:00.000Z', DataFinal: '2026-12-31T23:59:59.000Z' },
  { Id: 102, Descricao: 'Bônus 10% Clube', TextoComplementar: null, bonusBasisPoints: 1000, DataInicio: '2026-06-01T00:00:00.000Z', DataFinal: '2027-05-31T23:59:59.000Z' },
];

const dec = (c: number) => Number((c / 100).toFixed(2));
const cents = (v: number) => Math.round(v * 100);

export class HubState {
  customers = new Map<string, Customer>();
  pins: PinSent[] = [];
  campaigns: CampaignDef[] = [];
  allowNoBonus = true;
  sales: ScoredSale[] = [];
  /** Redemptions not yet tied to a scored sale (per CPF). */
  pendingRedemptions = new Map<string, number>();
  /** Idempotency: GUID (case-insensitive) → the answer given. */
  answers = new Map<string, { route: SandboxRoute; status: number; body: unknown }>();
  /** Every GUID applied, in order (never trimmed; `reset` clears it). */
  effects: AppliedEffect[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {
    this.reset();
  }

  reset(): void {
    this.customers = new Map(SEED_CUSTOMERS.map((c) => [c.cpf, { ...c }]));
    this.pins = [];
    this.campaigns = DEFAULT_CAMPAIGNS.map((c) => ({ ...c }));
    this.allowNoBonus = true;
    this.sales = [];
    this.pendingRedemptions = new Map();
    this.answers = new Map();
    this.effects = [];
  }

  private balance(c: Customer | undefined) {
    return {
      SaldoAtual: dec(c?.currentCents ?? 0),
      SaldoDisponivel: dec(c?.availableCents ?? 0),
      UtilizaPin: c?.usesPin ?? false,
      TipoPin: c?.pinType ?? null,
    };
  }

  private known(cpf: string): Customer {
    const c = this.customers.get(cpf);
    if (!c) throw new Violation(CODES.notRegistered, 'Cliente não cadastrado no programa de fidelidade.');
    return c;
  }

  /** Applies one request's effect and returns the 200 body (or throws a Violation → 400). */
  handle<R extends SandboxRoute>(route: R, req: RequestOf<R>): Record<string, unknown> {
    const guid = req.IdentificadorTransacao;
    switch (route) {
      case 'CadastrarCliente': {
        const r = req as RequestOf<'CadastrarCliente'>;
        let c = this.customers.get(r.CPF);
        if (!c) {
          c = { cpf: r.CPF, name: r.Nome, currentCents: 0, availableCents: 0, usesPin: false, pinType: null, mobile: r.Contato.Celular, email: r.Contato.Email };
          this.customers.set(r.CPF, c);
        } else {
          if (r.Nome) c.name = r.Nome;
          if (r.Contato.Celular) c.mobile = r.Contato.Celular;
          if (r.Contato.Email) c.email = r.Contato.Email;
        }
        return { IdentificadorTransacao: guid, ...this.balance(c), ClienteCadastrado: true };
      }
      case 'ConsultarSaldo': {
        const r = req as RequestOf<'ConsultarSaldo'>;
        return { IdentificadorTransacao: guid, ...this.balance(this.customers.get(r.Venda.Cpf)) };
      }
      case 'EnviarPin': {
        const r = req as RequestOf<'EnviarPin'>;
        const c = this.known(r.Cpf);
        const destination = r.TipoPin === 1 ? r.Celular || c.mobile : r.Email || c.email;
        if (!destination) throw new Violation(CODES.noDestination, r.TipoPin === 1 ? 'Celular não informado para envio do PIN.' : 'E-mail não informado para envio do PIN.');
        const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
        this.pins.push({ at: this.now().toISOString(), cpf: c.cpf, name: c.name, channel: r.TipoPin === 1 ? 'SMS' : 'E-mail', destination, pin });
        return { IdentificadorTransacao: guid };
      }
      case 'ValidarPin': {
        const r = req as RequestOf<'ValidarPin'>;
        this.known(r.Cpf);
        const last = [...this.pins].reverse().find((p) => p.cpf === r.Cpf);
        return { IdentificadorTransacao: guid, PinValido: !!last && last.pin === r.Pin };
      }
      case 'ConsultarCampanha': {
        const r = req as RequestOf<'ConsultarCampanha'>;
        const net = cents(r.Venda.ValorLiquido);
        return {
          IdentificadorTransacao: guid,
          Campanhas: this.campaigns.map((c) => ({
            Id: c.Id,
            Descricao: c.Descricao,
            TextoComplementar: c.TextoComplementar,
            ValorDesconto: dec(Math.floor((net * c.bonusBasisPoints + 5000) / 10000)),
            DataInicio: c.DataInicio,
            DataFinal: c.DataFinal,
          })),
          HabilitaBotaoNaoBonificar: this.allowNoBonus,
        };
      }
      case 'ResgatarSaldo': {
        const r = req as RequestOf<'ResgatarSaldo'>;
        const amount = cents(r.ValorResgatado);
        if (amount > 0) {
          const c = this.known(r.Cpf);
          if (amount > c.availableCents) throw new Violation(CODES.insufficient, `Saldo insuficiente: disponível R$ ${dec(c.availableCents).toFixed(2).replace('.', ',')}.`);
          c.availableCents -= amount;
          c.currentCents -= amount;
          this.pendingRedemptions.set(r.Cpf, (this.pendingRedemptions.get(r.Cpf) ?? 0) + amount);
        }
        return { IdentificadorTransacao: guid };
      }
      case 'GerarBonus': {
        const r = req as RequestOf<'GerarBonus'>;
        const v = r.Venda;
        if (this.sales.some((s) => s.documentNumber === v.DocumentoNF && s.series === v.SerieNF && !s.reversed)) {
          throw new Violation(CODES.alreadyBonused, `Venda ${v.DocumentoNF}/${v.SerieNF} já bonificada.`);
        }
        let bonus = 0;
        if (r.CampanhaId !== null) {
          const camp = this.campaigns.find((c) => c.Id === r.CampanhaId);
          if (!camp) throw new Violation(CODES.campaign, `Campanha ${r.CampanhaId} não encontrada.`);
          bonus = Math.floor((cents(v.ValorLiquido) * camp.bonusBasisPoints + 5000) / 10000);
        }
        let c = this.customers.get(v.Cpf);
        if (!c && bonus > 0) {
          c = { cpf: v.Cpf, name: '', currentCents: 0, availableCents: 0, usesPin: false, pinType: null, mobile: '', email: '' };
          this.customers.set(v.Cpf, c);
        }
        if (c) {
          c.currentCents += bonus;
          c.availableCents += bonus;
        }
        const redeemed = this.pendingRedemptions.get(v.Cpf) ?? 0;
        this.pendingRedemptions.delete(v.Cpf);
        this.sales.push({ documentNumber: v.DocumentoNF, series: v.SerieNF, cpf: v.Cpf, redeemedCents: redeemed, bonusCents: bonus, reversed: false });
        return {
          IdentificadorTransacao: guid,
          SaldoBonusGeradoVenda: dec(bonus),
          // Contract: with no bonus both amounts are 0.
          SaldoBonusAtual: bonus > 0 && c ? dec(c.currentCents) : 0,
          MensagemComplementar: bonus > 0 ? `Bônus de R$ ${dec(bonus).toFixed(2).replace('.', ',')} gerado.` : null,
        };
      }
      case 'EstornarVenda': {
        const r = req as RequestOf<'EstornarVenda'>;
        const sale = this.sales.find((s) => s.documentNumber === r.DocumentoNF && s.series === r.SerieNF && s.cpf === r.Cpf && !s.reversed);
        let used = 0;
        let generated = 0;
        if (sale) {
          sale.reversed = true;
          used = sale.redeemedCents;
          generated = sale.bonusCents;
        } else if (this.pendingRedemptions.has(r.Cpf)) {
          // "Finalizar" failed after the balance was deducted: the redemption had no scored sale yet.
          used = this.pendingRedemptions.get(r.Cpf)!;
          this.pendingRedemptions.delete(r.Cpf);
        } else {
          throw new Violation(CODES.reversalNotFound, `Venda ${r.DocumentoNF}/${r.SerieNF} não encontrada para estorno.`);
        }
        const c = this.customers.get(r.Cpf);
        if (c) {
          const takeBack = Math.min(generated, c.availableCents);
          c.currentCents += used - takeBack;
          c.availableCents += used - takeBack;
        }
        return {
          IdentificadorTransacao: guid,
          ValorEstornadoUtilizado: dec(used),
          ValorEstornadoGerado: dec(generated),
          SaldoBonusAtual: dec(c?.currentCents ?? 0),
          MensagemComplementar: 'Estorno realizado.',
          DataHora: this.now().toISOString(),
        };
      }
    }
    throw new Violation(CODES.shape, `Rota desconhecida: ${route}`);
  }
}
