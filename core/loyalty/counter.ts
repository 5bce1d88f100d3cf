import { randomUUID } from 'node:crypto';
import type { LoyaltyBalance, LoyaltyCustomerInput } from '../../shared/api/loyalty';
import type { CounterState, CustomerPanel, IdentifyResult, PinSentView, SaleLoyaltyView } from '../../shared/api/loyalty';
import type { Sale } from '../../shared/api/sales';
import { maskCpf, onlyDigits } from '../../shared/cpf';
import { AppError } from '../kernel/errors';
import { requireCpf, type CustomersRepo } from '../customers/repo';
import type { Db } from '../db/open';
import type { OutboxWorker } from '../outbox/worker';
import type { SalesService } from '../sales/service';
import type { ChangeKind } from '../sales/pipeline';
import { hubPin, maxRedeemableCents } from '../partners/hub/builders';
import { buildCadastrarCliente } from '../partners/hub/builders';
import { HubCommunicationError } from '../partners/hub/errors';
import type { Loyalty } from '../partners/hub/types';
import { SaleLoyaltyRepo } from './saleLoyalty';

export interface CounterDeps {
  db: Db;
  loyalty: Loyalty;
  sales: SalesService;
  customers: CustomersRepo;
  worker: OutboxWorker;
  now: () => Date;
}

/** What the screen says when the customer is attached while the hub cannot be reached (issue 21: exact text). */
export const OFFLINE_TITLE = 'Cliente identificado sem consulta de saldo (hub fora do ar)';

/** Wrong PINs before "Validação do PIN" gives up and goes back to "Utilização de saldo". */
export const MAX_PIN_ATTEMPTS = 3;

/** "(11) *****-4321" */
export function maskMobile(digits: string): string {
  const d = onlyDigits(digits);
  if (d.length < 10) return '*****';
  return `(${d.slice(0, 2)}) *****-${d.slice(-4)}`;
}

/** "a***@example.com" */
export function maskEmail(email: string): string {
  const [user, domain] = email.trim().split('@');
  if (!domain) return '***';
  return `${user.slice(0, 1)}***@${domain}`;
}

/**
 * Loyalty at the counter, before "Finalizar": the customer on the open sale
 * (registry + CadastrarCliente), "Consultar Saldo Parceiro", the PIN and the
 * redemption. Every hub failure reaches the screen as the hub's AppError
 * (business → Mensagem; communication → "Fechar"/"Tentar Novamente" with the
 * operation's GUID in `details.guid`).
 */
export class LoyaltyCounter {
  readonly states: SaleLoyaltyRepo;

  constructor(private readonly deps: CounterDeps) {
    this.states = new SaleLoyaltyRepo(deps.db, deps.now);
  }

  /** Change step of the sale pipeline: items changed after the redemption are decided again; an emptied sale loses its customer. */
  onSaleChange(kind: ChangeKind, saleId: string): void {
    if (kind === 'line') this.states.resetRedemption(saleId);
    if (kind === 'discard') this.states.removeCustomer(saleId);
  }

  enabled(): boolean {
    return this.deps.loyalty.settings.status().ready;
  }

  private requireEnabled(): void {
    if (!this.enabled()) throw new AppError('loyalty.off', 'O Hub Fidelidade está desligado ou incompleto nas configurações.');
  }

  state(): CounterState {
    const enabled = this.enabled();
    const sale = this.deps.sales.current();
    return { enabled, customer: enabled ? this.view(sale) : null };
  }

  view(sale: Sale): SaleLoyaltyView | null {
    const st = this.states.get(sale.id);
    if (!st) return null;
    return {
      saleId: sale.id,
      name: st.customerName,
      cpfMasked: maskCpf(st.cpf),
      currentCents: st.currentCents,
      availableCents: st.availableCents,
      usesPin: st.usesPin,
      pinType: st.pinType,
      pinValidated: st.pinValidated,
      redemptionDecided: st.redemptionDecided,
      redemptionCents: sale.totals.redemptionCents,
      maxRedeemableCents: st.balanceGuid === null ? 0 : maxRedeemableCents(sale, st.availableCents),
      balanceKnown: st.balanceGuid !== null,
    };
  }

  /** Tells the outbox's channel state what a call at the counter just learned. */
  private async watch<T>(call: Promise<T>): Promise<T> {
    try {
      const v = await call;
      this.deps.worker.notifyOnline('hub');
      return v;
    } catch (err) {
      if (err instanceof HubCommunicationError) this.deps.worker.notifyOffline('hub', err.message);
      throw err;
    }
  }

  /** Another customer would take the redemption off a sale that already has payments for the rest. */
  private guardSwitch(cpf: string): void {
    const sale = this.deps.sales.current();
    const st = this.states.get(sale.id);
    if (st && st.cpf !== cpf && sale.totals.redemptionCents > 0 && sale.payments.length > 0) {
      throw new AppError('loyalty.hasPayments', 'Remova os pagamentos antes de trocar o cliente: o saldo utilizado sairia da venda.');
    }
  }

  async identify(cpfText: string): Promise<IdentifyResult> {
    const cpf = requireCpf(cpfText);
    this.requireEnabled();
    this.guardSwitch(cpf);
    const stored = this.deps.customers.get(cpf);
    if (!stored) return { status: 'unknown', cpf };
    return this.sendRegistration(stored.customer);
  }

  /** "Salvar cliente": the registry first (one transaction), then the hub. */
  async register(input: LoyaltyCustomerInput): Promise<IdentifyResult> {
    this.requireEnabled();
    this.guardSwitch(requireCpf(input.cpf));
    const customer = this.deps.customers.save(input);
    return this.sendRegistration(customer);
  }

  private async sendRegistration(customer: LoyaltyCustomerInput): Promise<IdentifyResult> {
    try {
      const balance = await this.watch(this.deps.loyalty.client.cadastrarCliente(customer));
      return this.applyRegistration(onlyDigits(customer.cpf), balance);
    } catch (err) {
      // The hub cannot be reached: the customer (valid CPF, in the local registry) goes on the sale anyway,
      // without a balance; CadastrarCliente (same GUID) + GerarBonus go through the outbox with the sale.
      if (err instanceof HubCommunicationError) return this.attachOffline(customer, err.guid);
      throw err;
    }
  }

  private attachOffline(customer: LoyaltyCustomerInput, failedGuid: string | null): IdentifyResult {
    const cpf = onlyDigits(customer.cpf);
    const name = this.deps.customers.get(cpf)?.customer.name ?? customer.name ?? '';
    const guid = failedGuid ?? randomUUID().toUpperCase();
    const sale = this.deps.sales.current();
    this.states.setCustomer(sale.id, cpf, name, { currentCents: 0, availableCents: 0, usesPin: false, pinType: null, guid: null }, guid);
    return {
      status: 'registered',
      panel: { title: OFFLINE_TITLE, name, cpfMasked: maskCpf(cpf), currentCents: null, availableCents: null, usesPin: false, pinType: null, guid, balanceKnown: false },
      state: this.state(),
    };
  }

  /** The customer's registration still to send (identified with the hub down), for the finalize transaction. */
  pendingRegistration(saleId: string): { guid: string; body: Record<string, unknown> } | null {
    const st = this.states.get(saleId);
    if (!st?.registrationGuid) return null;
    const customer = this.deps.customers.get(st.cpf)?.customer ?? { cpf: st.cpf, name: st.customerName };
    return { guid: st.registrationGuid, body: buildCadastrarCliente(st.registrationGuid, customer) };
  }

  private applyRegistration(cpf: string, b: LoyaltyBalance): IdentifyResult {
    const name = this.deps.customers.get(cpf)?.customer.name ?? '';
    const sale = this.deps.sales.current();
    this.states.setCustomer(sale.id, cpf, name, { ...b });
    const title = b.registered === false ? 'Cliente identificado no parceiro' : 'Cliente cadastrado no parceiro';
    return { status: 'registered', panel: this.panel(title, name, cpf, b), state: this.state() };
  }

  private panel(title: string, name: string, cpf: string, b: LoyaltyBalance): CustomerPanel {
    return {
      title,
      name,
      cpfMasked: maskCpf(cpf),
      currentCents: b.currentCents,
      availableCents: b.availableCents,
      usesPin: b.usesPin,
      pinType: b.pinType,
      guid: b.guid,
      balanceKnown: true,
    };
  }

  private requireCustomer(sale: Sale) {
    const st = this.states.get(sale.id);
    if (!st) throw new AppError('loyalty.noCustomer', 'Identifique o cliente primeiro ("Identificar cliente").');
    return st;
  }

  /** "Consultar Saldo Parceiro": ConsultarSaldo with the open sale. */
  async balance(): Promise<IdentifyResult> {
    this.requireEnabled();
    const sale = this.deps.sales.current();
    const st = this.requireCustomer(sale);
    const b = await this.watch(this.deps.loyalty.client.consultarSaldo(sale, { cpf: st.cpf, at: this.deps.now().toISOString() }));
    return this.applyBalance(st.cpf, st.customerName, b);
  }

  private applyBalance(cpf: string, name: string, b: LoyaltyBalance): IdentifyResult {
    const sale = this.deps.sales.current();
    if (this.states.get(sale.id)?.cpf === cpf) this.states.updateBalance(sale.id, { ...b });
    return { status: 'registered', panel: this.panel('Saldo do cliente no parceiro', name, cpf, b), state: this.state() };
  }

  /** "Tentar Novamente": the stored request again, with the SAME GUID. */
  async retry(guid: string): Promise<IdentifyResult> {
    this.requireEnabled();
    const op = this.deps.loyalty.operations.get(guid);
    if (!op || (op.route !== 'CadastrarCliente' && op.route !== 'ConsultarSaldo')) {
      throw new AppError('loyalty.retryUnknown', 'Operação não encontrada para tentar novamente.');
    }
    const body = JSON.parse(op.requestJson) as { CPF?: string; Venda?: { Cpf?: string } };
    const result = (await this.watch(this.deps.loyalty.client.retry(guid))) as LoyaltyBalance;
    if (op.route === 'CadastrarCliente') return this.applyRegistration(body.CPF ?? '', result);
    const cpf = body.Venda?.Cpf ?? '';
    return this.applyBalance(cpf, this.deps.customers.get(cpf)?.customer.name ?? '', result);
  }

  removeCustomer(): CounterState {
    const sale = this.deps.sales.current();
    if (sale.payments.length > 0 && sale.totals.redemptionCents > 0) {
      throw new AppError('loyalty.hasPayments', 'Remova os pagamentos antes de remover o cliente: o saldo utilizado sairia da venda.');
    }
    this.states.removeCustomer(sale.id);
    return this.state();
  }

  /** EnviarPin by the customer's TipoPin; destination from the registry. */
  async sendPin(): Promise<PinSentView> {
    this.requireEnabled();
    const sale = this.deps.sales.current();
    const st = this.requireCustomer(sale);
    const pinType = st.pinType ?? 1;
    const c = this.deps.customers.get(st.cpf)?.customer;
    const mobile = c?.contact.mobile ?? '';
    const email = c?.contact.email ?? '';
    if (pinType === 1 && !mobile) throw new AppError('loyalty.noMobile', 'O cliente não tem Celular no cadastro para receber o PIN por SMS. Atualize o cadastro do cliente.');
    if (pinType === 2 && !email) throw new AppError('loyalty.noEmail', 'O cliente não tem E-mail no cadastro para receber o PIN. Atualize o cadastro do cliente.');
    const r = await this.watch(this.deps.loyalty.client.enviarPin({ cpf: st.cpf, pinType, mobile, email }));
    this.states.setPin(sale.id, false, st.pinAttempts);
    return pinType === 1
      ? { channel: 'SMS', destinationMasked: maskMobile(mobile), guid: r.guid }
      : { channel: 'E-mail', destinationMasked: maskEmail(email), guid: r.guid };
  }

  async validatePin(pinText: string): Promise<{ valid: boolean; attempts: number; exhausted: boolean }> {
    this.requireEnabled();
    const pin = hubPin(pinText);
    const sale = this.deps.sales.current();
    const st = this.requireCustomer(sale);
    const r = await this.watch(this.deps.loyalty.client.validarPin({ cpf: st.cpf, pin }));
    if (r.valid) {
      this.states.setPin(sale.id, true, 0);
      return { valid: true, attempts: 0, exhausted: false };
    }
    const attempts = st.pinAttempts + 1;
    const exhausted = attempts >= MAX_PIN_ATTEMPTS;
    this.states.setPin(sale.id, false, exhausted ? 0 : attempts);
    return { valid: false, attempts, exhausted };
  }

  /** "Enviar": the amount becomes the sale's ValorResgate (a discount); never above the balance nor the sale. */
  redeem(amountCents: number): Sale {
    this.requireEnabled();
    return this.deps.db.transaction(() => {
      const sale = this.deps.sales.current();
      const st = this.requireCustomer(sale);
      if (st.usesPin && !st.pinValidated && amountCents > 0) throw new AppError('loyalty.pinRequired', 'Valide o PIN do cliente antes de utilizar o saldo.');
      const max = maxRedeemableCents(sale, st.availableCents);
      if (amountCents > max) {
        throw new AppError('loyalty.tooMuch', `O valor a utilizar passa do permitido: no máximo ${(max / 100).toFixed(2).replace('.', ',')} (saldo disponível e total da venda).`);
      }
      if (sale.payments.length > 0 && amountCents !== sale.totals.redemptionCents) {
        throw new AppError('loyalty.hasPayments', 'Remova os pagamentos já lançados antes de utilizar o saldo.');
      }
      this.states.decideRedemption(sale.id, amountCents);
      return this.deps.sales.current();
    }).immediate();
  }

  /** "Continuar sem utilizar saldo" → "Sim". */
  skipRedemption(): Sale {
    return this.deps.db.transaction(() => {
      const sale = this.deps.sales.current();
      this.requireCustomer(sale);
      if (sale.payments.length > 0 && sale.totals.redemptionCents > 0) {
        throw new AppError('loyalty.hasPayments', 'Remova os pagamentos já lançados antes de retirar o saldo utilizado.');
      }
      this.states.decideRedemption(sale.id, 0);
      return this.deps.sales.current();
    }).immediate();
  }
}
