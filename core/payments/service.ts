import { PIX_PANEL, type PixView } from '../../shared/api/payments';
import { formatBRL } from '../../shared/money';
import type { Emit } from '../kernel/events';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import type { SalesService } from '../sales/service';
import type { ChangeKind } from '../sales/pipeline';
import { PaymentApiError, type OrderInfo, type PaymentClient } from '../partners/pix/client';
import { orderItems } from '../partners/pix/items';
import { orderMismatch } from './match';
import { OPEN, WATCHED, type Attempt, type AttemptsRepo, type AttemptStatus } from './repo';
import type { PaymentSettingsService } from './settings';

/** The API's floor: never poll an order faster than every 3 s. */
export const MIN_POLL_MS = 3_000;
/** GET /orders/list at most once a minute per attempt. */
export const LOOKUP_EVERY_MS = 60_000;
export const ORDER_TTL_MS = 60 * 60_000;

export interface PixServiceDeps {
  db: Db;
  sales: SalesService;
  attempts: AttemptsRepo;
  client: PaymentClient;
  settings: PaymentSettingsService;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  now: () => Date;
  newId: () => string;
  emit?: Emit;
  log?: (line: string) => void;
  /** Poll interval (ms); never below MIN_POLL_MS whatever is given. */
  pollIntervalMs?: number;
  /** How the watcher waits (tests inject a virtual clock; default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

export function toView(a: Attempt): PixView {
  return {
    attemptId: a.id,
    saleId: a.sale_id,
    formCode: a.form_code,
    orderRef: a.order_ref,
    status: a.status,
    panel: PIX_PANEL[a.status],
    amountCents: a.amount_cents,
    refundedCents: a.refunded_cents,
    qrCodeText: a.qr_code_text,
    orderId: a.order_id,
    walletPaymentId: a.wallet_payment_id,
    expiresAt: a.expires_at,
    message: a.last_error,
  };
}

/**
 * PIX / wallet charges at the counter: an attempt row (with its order_ref)
 * before any network call, create → watch (poll ≥ 3 s) → APROVADO records the
 * payment in the open sale; abandon / other tender / removal cancels through
 * the outbox; open attempts are watched again after a restart.
 */
export class PixService {
  readonly interval: number;
  private readonly watching = new Set<number>();
  private readonly sleepers = new Set<() => void>();
  private stopped = false;
  /** Set while this service itself adds the approved payment (its own change must not cancel it). */
  private recording = false;

  constructor(private readonly deps: PixServiceDeps) {
    this.interval = Math.max(MIN_POLL_MS, deps.pollIntervalMs ?? MIN_POLL_MS);
  }

  /** Finalize step of the sale pipeline: a charge still open when the sale is finalized is cancelled (through the outbox). */
  cancelOpenCharges(sale: { id: string }): void {
    for (const a of this.deps.attempts.forSale(sale.id)) if (OPEN.includes(a.status)) this.enqueueCancel(a);
  }

  /** Resumes watching every open attempt (after a restart) and cancels approved charges whose payment left an open sale. */
  start(): void {
    for (const a of this.deps.attempts.watched()) this.watch(a.id);
    const open = this.deps.db.prepare<[], { id: string }>(`SELECT id FROM sales WHERE status = 'aberta'`).get();
    if (open) this.reconcileRemoved(open.id);
  }

  stop(): void {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
  }

  current(): PixView | null {
    const sale = this.deps.sales.current();
    const list = this.deps.attempts.forSale(sale.id);
    const last = list[list.length - 1];
    if (!last) return null;
    if ([...OPEN, 'expired', 'cancelling'].includes(last.status)) return toView(last);
    if (last.status === 'approved' && sale.payments.some((p) => p.id === last.payment_id)) return toView(last);
    return null;
  }

  forSale(saleId: string): PixView[] {
    return this.deps.attempts.forSale(saleId).map(toView);
  }

  /** "PIX" / "Gerar novo QR": a new attempt for `amountCents` of the open sale. */
  async startCharge(formCode: 17 | 18, amountCents: number): Promise<PixView> {
    const { attempts, client } = this.deps;
    const sale = this.deps.sales.current();
    if (sale.totals.itemCount === 0) throw new AppError('sale.empty', 'Inclua ao menos um item antes do pagamento.');
    const remaining = sale.totals.netCents - sale.totals.paidCents;
    if (remaining <= 0) throw new AppError('payment.nothingDue', 'Não há valor restante a pagar.');
    if (amountCents > remaining) throw new AppError('payment.exceeds', `PIX: ${formatBRL(amountCents)} é maior que o restante (${formatBRL(remaining)}). Só dinheiro tem troco.`);
    const open = attempts.forSale(sale.id).find((a) => OPEN.includes(a.status));
    if (open) {
      if (open.amount_cents === amountCents && open.form_code === formCode) return toView(open);
      throw new AppError('payment.pixOpen', 'Já existe um PIX pendente nesta venda: use "Cancelar PIX" antes de gerar outro.');
    }
    if (!this.deps.settings.enabledForms().includes(formCode)) throw new AppError('payment.formDisabled', 'Esta forma de pagamento não está habilitada em Configurações > Pagamentos.');
    const conn = this.deps.settings.connection();

    // The attempt and its order_ref exist before the first network call.
    const a = attempts.create(sale.id, formCode, amountCents, this.deps.newId());
    let wallet: string;
    try {
      wallet = await client.chooseWallet(conn.wallet, formCode);
      attempts.update(a.id, { wallet });
    } catch (err) {
      this.fail(a.id, err);
      throw this.friendly(err);
    }
    try {
      const r = await client.createOrder({ orderRef: a.order_ref, wallet, totalCents: amountCents, items: orderItems(sale, amountCents) });
      this.deps.outbox.worker.notifyOnline('payment');
      if (r.wallet !== null && r.wallet !== wallet) {
        this.mismatch(attempts.update(a.id, { order_id: r.orderId, status: 'pending' }), `carteira ${r.wallet.slice(0, 40)} na resposta, pedida ${wallet}`);
        return toView(attempts.get(a.id)!);
      }
      return this.adopt(a.id, { orderId: r.orderId, status: r.status, qrCodeText: r.qrCodeText });
    } catch (err) {
      if (!(err instanceof PaymentApiError) || err.failure !== 'unknown') {
        this.fail(a.id, err);
        throw this.friendly(err);
      }
      // The order may exist: look it up by order_ref before anything else — never a second charge.
      attempts.update(a.id, { status: 'unknown', last_error: err.message });
      const found = await this.lookup(a.id);
      const after = attempts.get(a.id)!;
      if (found === 'none') throw new AppError('payment.notCreated', 'A API de pagamento não respondeu e o PIX não foi gerado. Tente de novo ou escolha outra forma de pagamento.');
      if (after.status === 'unknown') this.watch(a.id);
      return toView(after);
    }
  }

  /** "Cancelar PIX". */
  cancel(attemptId: number): PixView {
    const a = this.deps.attempts.get(attemptId);
    if (!a) throw new AppError('payment.notFound', 'PIX não encontrado.');
    if (OPEN.includes(a.status)) this.deps.db.transaction(() => this.enqueueCancel(a))();
    return toView(this.deps.attempts.get(attemptId)!);
  }

  /** Change step: an open charge of a changed sale is cancelled; an approved one whose payment left is refunded. */
  onSaleChange(kind: ChangeKind, saleId: string): void {
    if (this.recording) return;
    let approved = false;
    for (const a of this.deps.attempts.forSale(saleId)) {
      if (OPEN.includes(a.status)) this.enqueueCancel(a);
      else if (kind === 'discard' && a.status === 'approved' && a.payment_id !== null) this.enqueueCancel(a);
      else if (a.status === 'approved') approved = true;
    }
    // A removed PIX payment (or one dropped by a change of items): refund it once the change committed.
    if (kind !== 'discard' && approved) setImmediate(() => !this.stopped && this.reconcileRemoved(saleId));
  }

  private reconcileRemoved(saleId: string): void {
    const { db, attempts } = this.deps;
    const sale = db.prepare<[string], { status: string }>(`SELECT status FROM sales WHERE id = ?`).get(saleId);
    if (sale?.status !== 'aberta') return;
    const exists = db.prepare<[number], { id: number }>(`SELECT id FROM payments WHERE id = ?`);
    db.transaction(() => {
      for (const a of attempts.forSale(saleId)) {
        if (a.status === 'approved' && a.payment_id !== null && !exists.get(a.payment_id)) this.enqueueCancel(a);
      }
    })();
  }

  /** Inside the caller's transaction: the cancel (or refund of a paid order) goes through the outbox. */
  private enqueueCancel(a: Attempt): void {
    this.deps.outbox.repo.enqueue({ kind: 'payment.cancel', channel: 'payment', orderingKey: a.sale_id, saleId: a.sale_id, payload: { attemptId: a.id, orderRef: a.order_ref } });
    const next = this.deps.attempts.update(a.id, { status: 'cancelling' });
    setImmediate(() => {
      if (this.stopped) return;
      this.deps.outbox.worker.kick();
      this.changed(next.id);
    });
  }

  // ---- watching ------------------------------------------------------------

  watch(id: number): void {
    if (this.watching.has(id) || this.stopped) return;
    this.watching.add(id);
    void (async () => {
      try {
        while (!this.stopped) {
          await this.sleep(this.interval);
          if (this.stopped) break;
          const a = this.deps.attempts.get(id);
          if (!a || !WATCHED.includes(a.status)) break;
          try {
            await this.pollOnce(a);
          } catch (err) {
            this.deps.log?.(`[pagamento] consulta do PIX ${a.order_ref} falhou: ${(err as Error).message}`);
            if (err instanceof PaymentApiError && err.communication) this.deps.outbox.worker.notifyOffline('payment', err.message);
          }
        }
      } finally {
        this.watching.delete(id);
      }
    })();
  }

  private sleep(ms: number): Promise<void> {
    if (this.deps.sleep) return this.deps.sleep(ms);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t);
        this.sleepers.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private async pollOnce(a: Attempt): Promise<void> {
    if (a.status === 'creating' || a.status === 'unknown') {
      await this.lookup(a.id);
      return;
    }
    if (!a.order_id) return;
    const info = await this.deps.client.getOrder(a.order_id);
    this.deps.outbox.worker.notifyOnline('payment');
    this.apply(a.id, info);
  }

  /** GET /orders/list by order_ref (at most once a minute): adopt what exists, or close the attempt. */
  private async lookup(id: number): Promise<'found' | 'none' | 'skipped'> {
    const a = this.deps.attempts.get(id)!;
    const nowMs = this.deps.now().getTime();
    if (a.last_lookup_ms !== null && nowMs - a.last_lookup_ms < LOOKUP_EVERY_MS) return 'skipped';
    this.deps.attempts.update(id, { last_lookup_ms: nowMs });
    let found: OrderInfo[];
    try {
      found = await this.deps.client.findByExternalId(a.order_ref);
    } catch (err) {
      this.deps.log?.(`[pagamento] busca do pedido ${a.order_ref} falhou: ${(err as Error).message}`);
      return 'skipped';
    }
    const order = found[0];
    if (!order) {
      this.fail(id, new AppError('payment.notCreated', 'O pedido não chegou à API de pagamento.'));
      return 'none';
    }
    if (order.status === 'pending' || order.status === 'pendingv') this.adopt(id, { orderId: order.orderId, status: order.status, qrCodeText: order.qrCodeText });
    else {
      this.deps.attempts.update(id, { order_id: order.orderId, status: 'pending' });
      this.apply(id, order);
    }
    return 'found';
  }

  /** A created (or found) order becomes the attempt's; a QR nobody can see is cancelled. */
  private adopt(id: number, o: { orderId: string; status: string; qrCodeText: string | null }): PixView {
    const { attempts } = this.deps;
    const fresh = attempts.get(id)!;
    if (fresh.status === 'cancelling' || fresh.status === 'cancelled' || fresh.status === 'failed' || !o.qrCodeText) {
      // Abandoned while it was being created (or no QR to show): cancel the order that now exists.
      const a = attempts.update(id, { order_id: o.orderId, last_error: o.qrCodeText ? fresh.last_error : 'Pedido sem QR Code: gere um novo.' });
      this.deps.db.transaction(() => this.enqueueCancel(a))();
      return toView(attempts.get(id)!);
    }
    const expires = new Date(this.deps.now().getTime() + ORDER_TTL_MS).toISOString();
    const a = attempts.update(id, { order_id: o.orderId, status: 'pending', qr_code_text: o.qrCodeText, expires_at: fresh.expires_at ?? expires, last_error: null });
    this.watch(id);
    this.changed(id);
    return toView(a);
  }

  /** What the API says about an order → the attempt (and the sale, when approved), once it matches what we asked. */
  apply(id: number, info: OrderInfo): void {
    const { attempts } = this.deps;
    const a = attempts.get(id)!;
    const reason = orderMismatch(a, info);
    if (reason) return this.mismatch(a, reason);
    const set = (status: AttemptStatus, extra: Partial<Attempt> = {}) => {
      if (a.status === status && Object.keys(extra).length === 0) return;
      attempts.update(id, { status, ...extra });
      this.changed(id);
    };
    switch (info.status) {
      case 'pending':
      case 'pendingv':
        return;
      case 'approved':
        if (a.status === 'pending') this.record(a, info);
        return;
      case 'expired':
        return set('expired');
      case 'cancelled':
        return set('cancelled');
      case 'refund_pending':
        return set('refund_pending');
      case 'refunded':
        return set('refunded', { refunded_cents: info.refundedCents ?? a.amount_cents });
      case 'partial_refunded':
        return set('partial_refunded', { refunded_cents: info.refundedCents ?? a.refunded_cents });
    }
  }

  /** APROVADO: the payment enters the open sale with the end-to-end id, in one transaction with the attempt. */
  private record(a: Attempt, info: OrderInfo): void {
    const { db, attempts, sales } = this.deps;
    const reference = info.walletPaymentId ?? info.orderId;
    db.transaction(() => {
      const fresh = attempts.get(a.id)!;
      if (fresh.status !== 'pending') return;
      const paidAt = (info.paidAt ?? this.deps.now()).toISOString();
      const open = db.prepare<[string], { status: string }>(`SELECT status FROM sales WHERE id = ?`).get(a.sale_id);
      let paymentId: number | null = null;
      let problem: string | null = null;
      if (open?.status === 'aberta') {
        this.recording = true;
        try {
          sales.addPayment(a.form_code, a.amount_cents, reference);
          paymentId = db.prepare<[string, string], { id: number }>(`SELECT id FROM payments WHERE sale_id = ? AND reference = ? ORDER BY id DESC LIMIT 1`).get(a.sale_id, reference)?.id ?? null;
        } catch (err) {
          problem = (err as Error).message;
        } finally {
          this.recording = false;
        }
      } else problem = 'A venda não está mais aberta.';
      const next = attempts.update(a.id, { status: 'approved', wallet_payment_id: info.walletPaymentId, paid_at: paidAt, payment_id: paymentId, last_error: problem });
      // Paid but it cannot enter the sale: give the money back.
      if (problem) this.enqueueCancel(next);
    })();
    this.changed(a.id);
  }

  /**
   * An answer that does not match the order we asked about: nothing is recorded, the cashier reads why on the
   * PIX panel, and a `payment.mismatch` row waits in "Sincronização" (needs attention) for a person. A charge
   * still open is cancelled through the outbox (cancelling a paid order refunds it): never money we cannot prove.
   */
  private mismatch(a: Attempt, reason: string): void {
    const { db, attempts, outbox } = this.deps;
    const key = `pix-check:${a.order_ref}`;
    const message = `PIX não registrado: a resposta da API de pagamento não confere (${reason}). Veja "Sincronização".`;
    this.deps.log?.(`[pagamento] resposta não confere no PIX ${a.order_ref}: ${reason}`);
    db.transaction(() => {
      const open = db
        .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE ordering_key = ? AND kind = 'payment.mismatch' AND status NOT IN ('done', 'discarded')`)
        .get(key)!.n;
      if (!open) {
        outbox.repo.enqueue({ kind: 'payment.mismatch', channel: 'payment', orderingKey: key, saleId: a.sale_id, payload: { attemptId: a.id, orderRef: a.order_ref, orderId: a.order_id, reason } });
      }
      const next = attempts.update(a.id, { last_error: message });
      if (OPEN.includes(a.status)) {
        if (a.order_id) this.enqueueCancel(next);
        else attempts.update(a.id, { status: 'failed' });
      }
    })();
    this.changed(a.id);
  }

  private fail(id: number, err: unknown): void {
    this.deps.attempts.update(id, { status: 'failed', last_error: (err as Error).message });
    if (err instanceof PaymentApiError && err.communication) this.deps.outbox.worker.notifyOffline('payment', err.message);
    this.changed(id);
  }

  private friendly(err: unknown): Error {
    if (err instanceof PaymentApiError && err.failure === 'refused') {
      return new AppError('payment.down', 'A API de pagamento está fora do ar: o PIX não foi gerado. Escolha outra forma de pagamento.');
    }
    if (err instanceof PaymentApiError && err.failure === 'unknown') {
      return new AppError('payment.down', `${err.message} O PIX não foi gerado. Tente de novo ou escolha outra forma de pagamento.`);
    }
    return err as Error;
  }

  changed(id: number): void {
    if (this.stopped) return;
    const a = this.deps.attempts.get(id);
    if (a) this.deps.emit?.('payments.pixChanged', toView(a));
  }
}
