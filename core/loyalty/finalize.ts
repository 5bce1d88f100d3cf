import type { CampaignsView, LoyaltyOutcome } from '../../shared/api/loyalty';
import type { Sale } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxRow } from '../outbox/types';
import type { OutboxWorker } from '../outbox/worker';
import type { PrintingService } from '../printing/service';
import type { FinalizeInput } from '../sales/pipeline';
import type { SalesService } from '../sales/service';
import { buildConsultarCampanha, buildEstornarVenda, buildGerarBonus, buildResgatarSaldo } from '../partners/hub/builders';
import type { LoyaltyCounter } from './counter';
import { HubError } from '../partners/hub/errors';
import type { Loyalty } from '../partners/hub/types';
import type { BonusResult, CampaignsResult, ReversalResult } from '../partners/hub/mappers';
import { enqueueHub, hubKind, type HubOutboxPayload } from '../partners/hub/outbox';
import type { HubRoute } from '../partners/hub/routes';

export interface FinalizeDeps {
  db: Db;
  loyalty: Loyalty;
  sales: SalesService;
  counter: LoyaltyCounter;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  printing?: PrintingService;
  /** The one way into "Finalizar" (core/app/pipelines.ts): commit, then the after-commit steps. Default: the commit alone. */
  checkout?: (input: FinalizeInput) => { sale: Sale; next: Sale };
  now: () => Date;
  /** The cashier never waits more than this for ConsultarCampanha at "Finalizar" (default 5 s). */
  campaignTimeoutMs?: number;
  /** How long the screen waits for ResgatarSaldo + GerarBonus after the commit (default 5 s). */
  deliveryWaitMs?: number;
}

export interface FinalizeChoice {
  campaignId: number | null;
  campaignDescription: string | null;
  /** ConsultarCampanha did not answer in time: queue it and take the first campaign when it does. */
  campaignsQueued: boolean;
}

export const REDEMPTION_WARNING = 'O parceiro não confirmou o resgate do saldo: o desconto foi mantido na venda. Ajuste o saldo manualmente na plataforma do parceiro.';
export const BONUS_FAILED = 'Não foi possível gerar o bônus desta venda. A venda continua válida.';
export const BONUS_PENDING = 'Sem conexão com o Hub Fidelidade: o bônus será creditado quando a conexão voltar.';

/**
 * EstornarVenda for a finished sale, through the outbox (call INSIDE the
 * transaction of the change: the cancel pipeline's loyalty.enqueueReversal step, or the
 * automatic reversal). Returns null when the sale has no loyalty customer.
 */
export function enqueueReversal(repo: OutboxRepo, sale: Pick<Sale, 'id' | 'documentNumber' | 'series' | 'customerCpf'>): OutboxRow | null {
  if (!sale.customerCpf || sale.documentNumber === null || sale.series === null) return null;
  const existing = repo.forSale(sale.id).find((r) => r.kind === hubKind('EstornarVenda') && r.status !== 'discarded');
  if (existing) return existing;
  return enqueueHub(repo, {
    route: 'EstornarVenda',
    saleId: sale.id,
    build: (guid) => buildEstornarVenda(guid, { cpf: sale.customerCpf!, documentNumber: sale.documentNumber!, series: sale.series! }),
  });
}

/**
 * `registerHubDeliveries`' prepare: GerarBonus queued after a ConsultarCampanha
 * of the same sale takes the first campaign of its answer (as the screen would
 * preselect), or null when there is none or the query failed.
 */
export const loyaltyPrepare: Partial<Record<HubRoute, (payload: HubOutboxPayload, previous: OutboxRow[]) => Record<string, unknown>>> = {
  GerarBonus: (payload, previous) => {
    const query = previous.find((r) => r.kind === hubKind('ConsultarCampanha'));
    if (!query) return payload.body;
    const result = query.status === 'done' ? (query.result as CampaignsResult | null) : null;
    return { ...payload.body, CampanhaId: result?.campaigns[0]?.id ?? null };
  },
};

const sleepRace = <T>(p: Promise<T>, ms: number) =>
  new Promise<{ timedOut: true } | { timedOut: false; value: T } | { timedOut: false; error: unknown }>((resolve) => {
    const t = setTimeout(() => resolve({ timedOut: true }), ms);
    p.then(
      (value) => {
        clearTimeout(t);
        resolve({ timedOut: false, value });
      },
      (error) => {
        clearTimeout(t);
        resolve({ timedOut: false, error });
      },
    );
  });

/** "Finalizar" with a loyalty customer: campaigns, the commit with its outbox rows, the bonus. */
export class LoyaltyFinalizer {
  constructor(private readonly deps: FinalizeDeps) {}

  /**
   * Finalize step of the sale pipeline (inside the finalize transaction): the sale's hub operations,
   * ResgatarSaldo (always) then GerarBonus, with the campaign chosen on screen (`input.campaign`).
   */
  enqueueForSale(sale: Sale, input: FinalizeInput): void {
    const st = this.deps.counter.states.get(sale.id);
    if (!st) return;
    // Hub switched off since the customer was identified: nothing to score; a redemption already given must still be confirmed.
    if (!this.deps.counter.enabled() && sale.totals.redemptionCents === 0) return;
    // A plain "sales.finalize" (no campaign screen) queues the query: the first campaign, as the screen would.
    const choice = input.campaign ?? { campaignId: null, campaignDescription: null, campaignsQueued: true };
    const repo = this.deps.outbox.repo;
    const cpf = st.cpf;
    // Identified with the hub down: its CadastrarCliente goes first (same ordering key: in order, once).
    const registration = this.deps.counter.pendingRegistration(sale.id);
    if (registration) enqueueHub(repo, { route: 'CadastrarCliente', saleId: sale.id, guid: registration.guid, build: () => registration.body });
    if (choice.campaignsQueued) {
      enqueueHub(repo, { route: 'ConsultarCampanha', saleId: sale.id, build: (g) => buildConsultarCampanha(g, sale, { cpf }) });
    }
    enqueueHub(repo, { route: 'ResgatarSaldo', saleId: sale.id, build: (g) => buildResgatarSaldo(g, sale, { cpf }) });
    enqueueHub(repo, { route: 'GerarBonus', saleId: sale.id, build: (g) => buildGerarBonus(g, sale, { cpf, campaignId: choice.campaignsQueued ? null : choice.campaignId }) });
    this.deps.counter.states.setCampaign(sale.id, choice.campaignsQueued ? null : choice.campaignId, choice.campaignDescription, choice.campaignsQueued);
    // Deliver once the transaction committed (never from inside it); a rollback leaves nothing to deliver.
    setImmediate(() => this.deps.outbox.worker.kick());
  }

  /** ConsultarCampanha, bounded: the cashier waits at most campaignTimeoutMs. */
  async campaigns(): Promise<CampaignsView> {
    const sale = this.deps.sales.current();
    const st = this.deps.counter.states.get(sale.id);
    if (!st || !this.deps.counter.enabled()) return { status: 'none' };
    const call = this.deps.loyalty.client.consultarCampanha(sale, { cpf: st.cpf, at: this.deps.now().toISOString() });
    const r = await sleepRace(call, this.deps.campaignTimeoutMs ?? 5000);
    if (r.timedOut) return { status: 'unavailable', message: 'O Hub Fidelidade não respondeu a tempo.' };
    if ('error' in r) {
      if (r.error instanceof HubError) {
        if (r.error.kind === 'communication') this.deps.outbox.worker.notifyOffline('hub', r.error.message);
        return { status: 'unavailable', message: r.error.message };
      }
      throw r.error;
    }
    this.deps.outbox.worker.notifyOnline('hub');
    return { status: 'ok', campaigns: r.value.campaigns, allowNoBonus: r.value.allowNoBonus, guid: r.value.guid };
  }

  /** Commits the sale (its hub rows in the same transaction), then waits a few seconds for them. */
  async finalize(choice: FinalizeChoice): Promise<{ sale: Sale; next: Sale; outcome: LoyaltyOutcome | null }> {
    const result = this.commit(choice);
    const outcome = await this.settle(result.sale.id);
    return { ...result, outcome };
  }

  /**
   * The commit through the one way into "Finalizar" (deps.checkout): the sale and its hub rows in ONE
   * transaction (the campaign as chosen on screen), then what follows the commit (the automatic receipt).
   */
  commit(choice: FinalizeChoice): { sale: Sale; next: Sale } {
    // A R$ 0,00 sale here was confirmed on screen (or covered by the balance, the cashier's explicit choice):
    // record it as "Sem Pagamento" (form 90).
    const t = this.deps.sales.current().totals;
    const zero = t.itemCount > 0 && t.netCents === 0 && t.paidCents === 0;
    const input: FinalizeInput = { withoutPayment: zero, campaign: choice };
    return this.deps.checkout ? this.deps.checkout(input) : this.deps.sales.finalize(input);
  }

  /** Waits for the sale's rows, reacts (warning, automatic reversal, loyalty receipt) and describes the outcome. */
  async settle(saleId: string): Promise<LoyaltyOutcome | null> {
    const rows = this.deps.outbox.repo.forSale(saleId);
    if (!rows.some((r) => r.kind.startsWith('hub.'))) return null;
    const { worker } = this.deps.outbox;
    worker.kick();
    const wait = this.deps.deliveryWaitMs ?? 5000;
    // The hub was unreachable at "Finalizar": the sale goes on at once, its rows wait for the connection.
    const queued = this.deps.counter.states.get(saleId)?.campaignsQueued ?? false;
    if (!queued) await this.waitInOrder(rows, wait);
    let outcome = this.outcome(saleId)!;
    const sale = this.deps.sales.get(saleId);
    // GerarBonus refused after the balance was deducted: give the balance back (EstornarVenda, through the outbox).
    const after = this.deps.outbox.repo.forSale(saleId);
    const redeemed = after.find((r) => r.kind === hubKind('ResgatarSaldo'));
    const bonus = after.find((r) => r.kind === hubKind('GerarBonus'));
    if (bonus?.status === 'attention' && redeemed?.status === 'done' && sale.totals.redemptionCents > 0) {
      const row = this.deps.db.transaction(() => enqueueReversal(this.deps.outbox.repo, sale)).immediate();
      if (row && row.status !== 'done') {
        worker.kick();
        await this.waitInOrder([row], wait);
      }
      outcome = this.outcome(saleId)!;
    }
    if (outcome.bonus === 'done') {
      try {
        await this.printLoyalty(sale, outcome);
      } catch {
        /* a printer problem never undoes a sale: the job stays in the print queue */
      }
    }
    return outcome;
  }

  /** "Comprovante fidelidade" on demand (Minhas vendas), once the bonus is known. */
  async printReceipt(saleId: string) {
    const outcome = this.outcome(saleId);
    if (!outcome || outcome.bonus !== 'done') {
      throw new AppError('loyalty.noBonusYet', 'O bônus desta venda ainda não foi gerado no parceiro: o comprovante fidelidade sai depois que ele for confirmado.');
    }
    return this.printLoyalty(this.deps.sales.get(saleId), outcome);
  }

  /**
   * Waits for the rows one after the other (a sale's rows go in order), and
   * stops at the first one left for a retry: the rows after it cannot move
   * before it, so waiting longer would only hold the cashier.
   */
  private async waitInOrder(rows: OutboxRow[], totalMs: number): Promise<void> {
    const deadline = Date.now() + totalMs;
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const [now] = await this.deps.outbox.worker.waitFor([row.opId], left);
      if (!now || now.status === 'retrying' || now.status === 'pending' || now.status === 'sending') return;
    }
  }

  private async printLoyalty(sale: Sale, o: LoyaltyOutcome) {
    const printing = this.deps.printing;
    if (!printing) throw new AppError('printing.off', 'Impressão indisponível.');
    const st = this.deps.counter.states.get(sale.id);
    return printing.printLoyalty({
      saleId: sale.id,
      customerCpf: st?.cpf ?? sale.customerCpf,
      customerName: st?.customerName || null,
      usedCents: o.redemptionCents,
      bonusCents: o.generatedCents,
      balanceCents: o.balanceCents,
      campaign: o.campaign,
      message: o.message,
      transactionId: null,
      reversal: null,
    });
  }

  /** The loyalty outcome of a sale, from its outbox rows (recording a redemption warning on the sale). */
  outcome(saleId: string): LoyaltyOutcome | null {
    const rows = this.deps.outbox.repo.forSale(saleId).filter((r) => r.kind.startsWith('hub.'));
    if (rows.length === 0) return null;
    const st = this.deps.counter.states.get(saleId);
    const sale = this.deps.sales.get(saleId);
    const find = (route: HubRoute) => rows.find((r) => r.kind === hubKind(route));
    const warnings: string[] = [];
    const redeem = find('ResgatarSaldo');
    if (redeem?.status === 'attention' && sale.totals.redemptionCents > 0) {
      if (st && st.warning !== REDEMPTION_WARNING) this.deps.counter.states.setWarning(saleId, REDEMPTION_WARNING);
      warnings.push(`${REDEMPTION_WARNING} (${formatBRL(sale.totals.redemptionCents)}; parceiro: ${redeem.lastError ?? 'erro'})`);
    }
    const gen = find('GerarBonus');
    let bonus: LoyaltyOutcome['bonus'] = 'none';
    let generatedCents = 0;
    let balanceCents: number | null = null;
    let message: string | null = null;
    if (gen?.status === 'done') {
      const b = gen.result as BonusResult;
      bonus = 'done';
      generatedCents = b.generatedCents;
      // With no bonus the hub answers SaldoBonusAtual = 0 (contract): that is not the customer's balance.
      balanceCents = b.generatedCents > 0 ? b.bonusBalanceCents : null;
      message = b.message;
    } else if (gen?.status === 'attention' || gen?.status === 'discarded') {
      bonus = 'failed';
      warnings.push(`${BONUS_FAILED}${gen.lastError ? ` Parceiro: ${gen.lastError}` : ''}`);
    } else if (gen) {
      bonus = 'pending';
      warnings.push(BONUS_PENDING);
    }
    // The campaign: chosen on screen, or the first of the queued query's answer.
    let campaign: LoyaltyOutcome['campaign'] = null;
    if (st?.campaignId != null) campaign = { id: st.campaignId, description: st.campaignDescription ?? '' };
    const query = find('ConsultarCampanha');
    if (query?.status === 'done') {
      const first = (query.result as CampaignsResult).campaigns[0];
      if (first) campaign = { id: first.id, description: first.description };
    }
    const rev = find('EstornarVenda');
    let reversal: LoyaltyOutcome['reversal'] = null;
    if (rev) {
      if (rev.status === 'done') {
        const r = rev.result as ReversalResult;
        warnings.push(`Saldo devolvido ao cliente (EstornarVenda): ${formatBRL(r.reversedUsedCents)}.`);
      } else {
        reversal = { opId: rev.opId, status: rev.status, message: rev.lastError };
      }
    }
    return { bonus, generatedCents, balanceCents, message, redemptionCents: sale.totals.redemptionCents, campaign, warnings, reversal };
  }

  /** The reversal's "Tentar Novamente": the same row (same GUID) goes now. */
  async retryReversal(saleId: string): Promise<LoyaltyOutcome | null> {
    const rev = this.deps.outbox.repo.forSale(saleId).find((r) => r.kind === hubKind('EstornarVenda'));
    if (!rev) throw new AppError('loyalty.noReversal', 'Esta venda não tem estorno de fidelidade pendente.');
    if (rev.status === 'attention') {
      // A person decided to send it again: same opId (GUID), back in the queue.
      this.deps.db
        .prepare(`UPDATE outbox SET status = 'pending', next_attempt_ms = ?, updated_at = ? WHERE id = ? AND status = 'attention'`)
        .run(this.deps.now().getTime(), this.deps.now().toISOString(), rev.id);
    }
    this.deps.outbox.worker.notifyOnline('hub');
    this.deps.outbox.worker.kick();
    await this.deps.outbox.worker.waitFor([rev.opId], this.deps.deliveryWaitMs ?? 5000);
    return this.outcome(saleId);
  }
}
