import {
  PrinterSettings,
  type CancellationReceiptData,
  type LoyaltyReceiptData,
  type PrintJob,
  type PrintJobKind,
  type ReceiptPreview,
} from '../../shared/api/printing';
import type { Sale } from '../../shared/api/sales';
import { AppError } from '../kernel/errors';
import type { Emit } from '../kernel/events';
import type { Db } from '../db/open';
import type { SalesService } from '../sales/service';
import { receiptPreview } from './decoder';
import { columnsFor } from './layout';
import {
  buildCancellationReceipt,
  buildLoyaltyReceipt,
  buildSaleReceipt,
  buildTestPage,
  saleNumber,
  type StoreHeader,
} from './receipts';
import { toJob, type JobRow } from './jobs';
import { defaultSettings, SETTINGS_KEY } from './settings';
import { parseInterface, parsePortList, PrintError, sendToPrinter } from './transport';

export interface PrintingDeps {
  db: Db;
  sales: SalesService;
  now: () => Date;
  emit: Emit;
  /** Interface from the environment / embedded virtual printer (used when the settings leave it empty). */
  defaultInterface: string | null;
  storeName: string;
  log?: (line: string) => void;
  /** Transport timeout per step (ms). */
  timeoutMs?: number;
  /** True while the sale's bonus waits in the outbox for the hub (prints "Bônus será creditado quando a conexão voltar"). */
  bonusPending?: (saleId: string) => boolean;
  /** Automatic retry: first wait, cap, and how many attempts before waiting for "Tentar novamente". */
  retry?: { baseMs: number; maxMs: number; maxAttempts: number };
}

/**
 * Receipts and the print queue. Every job is first stored (SQLite) with its
 * exact bytes, then sent by one serial worker; a failure keeps it in the
 * queue with a pt-BR reason and an automatic retry (bounded backoff), and
 * "Tentar novamente" sends it again. A job is claimed atomically
 * (queued/failed → printing) before it is sent, so it is sent once per attempt
 * and never again after it is done.
 */
export class PrintingService {
  private readonly q;
  private worker: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Sales whose automatic receipt is built and queued right after finalize's reply (see afterFinalize). */
  private readonly deferred: Sale[] = [];
  private deferredRun: NodeJS.Immediate | null = null;
  private readonly retryCfg;

  constructor(private readonly deps: PrintingDeps) {
    const db = deps.db;
    this.retryCfg = deps.retry ?? { baseMs: 2000, maxMs: 60_000, maxAttempts: 8 };
    this.q = {
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      insert: db.prepare(
        `INSERT INTO print_jobs (kind, sale_id, title, bytes, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?) RETURNING id`,
      ),
      byId: db.prepare<[number], JobRow>(`SELECT * FROM print_jobs WHERE id = ?`),
      nextDue: db.prepare<[string], JobRow>(
        `SELECT * FROM print_jobs WHERE status IN ('queued', 'failed') AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
         ORDER BY id LIMIT 1`,
      ),
      earliest: db.prepare<[], { at: string | null }>(
        `SELECT min(next_attempt_at) AS at FROM print_jobs WHERE status IN ('queued', 'failed') AND next_attempt_at IS NOT NULL`,
      ),
      claim: db.prepare(`UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status IN ('queued', 'failed')`),
      done: db.prepare(`UPDATE print_jobs SET status = 'done', last_error = NULL, next_attempt_at = NULL, printed_at = ?, updated_at = ? WHERE id = ?`),
      fail: db.prepare(`UPDATE print_jobs SET status = 'failed', last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`),
      pending: db.prepare<[], JobRow>(`SELECT * FROM print_jobs WHERE status != 'done' ORDER BY id`),
      recent: db.prepare<[number], JobRow>(`SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?`),
      retryOne: db.prepare(`UPDATE print_jobs SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'failed')`),
      retryAll: db.prepare(`UPDATE print_jobs SET next_attempt_at = ?, updated_at = ? WHERE status IN ('queued', 'failed')`),
      interrupted: db.prepare(
        `UPDATE print_jobs SET status = 'failed', last_error = 'Impressão interrompida (o programa foi fechado durante o envio): confira se o comprovante saiu antes de tocar em "Tentar novamente".', next_attempt_at = NULL, updated_at = ? WHERE status = 'printing'`,
      ),
      saleJobs: db.prepare<[string, string], JobRow>(`SELECT * FROM print_jobs WHERE sale_id = ? AND kind = ? ORDER BY id DESC`),
    };
    // A job left "printing" by a crash goes back to the queue.
    this.q.interrupted.run(this.deps.now().toISOString());
  }

  // ---- settings --------------------------------------------------------------

  settings(): PrinterSettings {
    const row = this.q.getSetting.get(SETTINGS_KEY);
    const base = defaultSettings(this.deps.storeName);
    if (!row) return base;
    const parsed = PrinterSettings.safeParse({ ...base, ...JSON.parse(row.value) });
    return parsed.success ? parsed.data : base;
  }

  saveSettings(s: PrinterSettings): PrinterSettings {
    // A wrong address (or port list) is said now, with a clear message, not at the first sale.
    try {
      parsePortList(s.tcpPorts);
      if (s.interface.trim()) parseInterface(s.interface, s.tcpPorts);
    } catch (err) {
      throw new AppError('printing.badInterface', err instanceof Error ? err.message : String(err));
    }
    this.q.putSetting.run(SETTINGS_KEY, JSON.stringify({ ...s, interface: s.interface.trim(), tcpPorts: s.tcpPorts.trim() }));
    return this.settings();
  }

  /** Settings' interface, else BALCAO_PRINTER / the embedded virtual printer. */
  effectiveInterface(): string | null {
    return this.settings().interface.trim() || this.deps.defaultInterface;
  }

  private store(s = this.settings()): StoreHeader {
    return { name: s.storeName || this.deps.storeName, cnpj: s.storeCnpj, address: s.storeAddress };
  }

  // ---- receipts ----------------------------------------------------------------

  private finishedSale(saleId: string): Sale {
    const sale = this.deps.sales.get(saleId);
    if (sale.status === 'aberta') throw new AppError('printing.saleOpen', 'A venda ainda não foi finalizada.');
    return sale;
  }

  /** The sale receipt's bytes; the first print of a sale opens the drawer (cash only), later ones are "2ª via". */
  saleReceiptBytes(sale: Sale, first: boolean): Buffer {
    const s = this.settings();
    return buildSaleReceipt(sale, this.store(s), {
      type: s.type,
      paperMm: s.paperMm,
      characterSet: s.characterSet,
      cut: s.cut,
      drawer: first && s.drawerPulse,
      barcode: s.barcode,
      reprint: !first,
      pixQr: null,
      bonusPending: this.deps.bonusPending?.(sale.id) ?? false,
    });
  }

  private printedBefore(saleId: string): boolean {
    this.queueDeferred();
    return this.q.saleJobs.all(saleId, 'sale').length > 0;
  }

  private latestLoyalty(saleId: string): JobRow | undefined {
    this.queueDeferred();
    return this.q.saleJobs.get(saleId, 'loyalty');
  }

  receiptsOf(saleId: string): { sale: boolean; loyalty: boolean } {
    const sale = this.deps.sales.get(saleId);
    return { sale: sale.status !== 'aberta', loyalty: this.latestLoyalty(saleId) !== undefined };
  }

  preview(saleId: string, kind: 'sale' | 'loyalty'): ReceiptPreview {
    let bytes: Buffer;
    if (kind === 'loyalty') {
      const job = this.latestLoyalty(saleId);
      if (!job) throw new AppError('printing.noLoyalty', 'Esta venda não tem comprovante de fidelidade.');
      bytes = job.bytes;
    } else {
      const sale = this.finishedSale(saleId);
      bytes = this.saleReceiptBytes(sale, !this.printedBefore(saleId));
    }
    return this.previewOf(bytes);
  }

  previewOf(bytes: Buffer): ReceiptPreview {
    return receiptPreview(bytes, columnsFor(this.settings().paperMm));
  }

  // ---- printing ------------------------------------------------------------------

  /**
   * Called after `sales.finalize` committed: the receipt is printed when "automatic print" is on. Building it,
   * queuing it and sending it happen right after the finalize's reply (the next turn of the event loop), not on
   * its path: they cost more than the finalize itself. Anything that reads or adds to the queue before then
   * queues the waiting receipts first (`queueDeferred`), so nobody sees the queue without them. Never throws.
   */
  afterFinalize(sale: Sale): void {
    try {
      if (!this.settings().autoPrint) return;
    } catch (err) {
      this.deps.log?.(`[impressão] não foi possível ler as configurações: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.deferred.push(sale);
    this.deferredRun ??= setImmediate(() => {
      this.deferredRun = null;
      this.queueDeferred();
      void this.drain().catch((err) => this.deps.log?.(`[impressão] ${String(err)}`));
    });
  }

  /** Builds and queues, in finalize order, the automatic receipts afterFinalize left for after the reply. */
  private queueDeferred(): void {
    if (this.deferred.length === 0 || !this.deps.db.open) return;
    for (const sale of this.deferred.splice(0)) {
      try {
        this.insertJob('sale', sale.id, `Venda ${saleNumber(sale)}`, this.saleReceiptBytes(sale, true));
      } catch (err) {
        this.deps.log?.(`[impressão] não foi possível preparar o comprovante: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** "Imprimir comprovante" / "Reimprimir". Resolves after the attempt; a failure leaves the job queued. */
  async printSale(saleId: string, kind: 'sale' | 'loyalty'): Promise<PrintJob> {
    const sale = this.finishedSale(saleId);
    if (kind === 'loyalty') {
      const prev = this.latestLoyalty(saleId);
      if (!prev) throw new AppError('printing.noLoyalty', 'Esta venda não tem comprovante de fidelidade.');
      return this.printNow(this.enqueue('loyalty', saleId, `Fidelidade ${saleNumber(sale)} (2ª via)`, prev.bytes));
    }
    const first = !this.printedBefore(saleId);
    const bytes = this.saleReceiptBytes(sale, first);
    return this.printNow(this.enqueue('sale', saleId, `Venda ${saleNumber(sale)}${first ? '' : ' (2ª via)'}`, bytes));
  }

  /** The loyalty flow calls this with GerarBonus / EstornarVenda results. */
  async printLoyalty(data: LoyaltyReceiptData): Promise<PrintJob> {
    const sale = this.finishedSale(data.saleId);
    const s = this.settings();
    const bytes = buildLoyaltyReceipt(data, sale, this.store(s), { type: s.type, paperMm: s.paperMm, characterSet: s.characterSet, cut: s.cut });
    return this.printNow(this.enqueue('loyalty', sale.id, `Fidelidade ${saleNumber(sale)}`, bytes));
  }

  async printCancellation(data: CancellationReceiptData): Promise<PrintJob> {
    const sale = this.deps.sales.get(data.saleId);
    const s = this.settings();
    const bytes = buildCancellationReceipt(data, sale, this.store(s), { type: s.type, paperMm: s.paperMm, characterSet: s.characterSet, cut: s.cut });
    return this.printNow(this.enqueue('cancellation', sale.id, `Cancelamento ${saleNumber(sale)}`, bytes));
  }

  async printTest(): Promise<PrintJob> {
    const s = this.settings();
    const bytes = buildTestPage(
      this.store(s),
      { type: s.type, paperMm: s.paperMm, characterSet: s.characterSet, cut: s.cut, drawer: false },
      this.deps.now(),
    );
    return this.printNow(this.enqueue('test', null, 'Teste de impressão', bytes));
  }

  enqueue(kind: PrintJobKind, saleId: string | null, title: string, bytes: Buffer): PrintJob {
    this.queueDeferred(); // receipts of sales finalized before this job go first
    return this.insertJob(kind, saleId, title, bytes);
  }

  private insertJob(kind: PrintJobKind, saleId: string | null, title: string, bytes: Buffer): PrintJob {
    const now = this.deps.now().toISOString();
    const { id } = this.q.insert.get(kind, saleId, title, bytes, now, now, now) as { id: number };
    const job = toJob(this.q.byId.get(id)!);
    this.deps.emit('printing.job', { ...job, message: `${title}: na fila de impressão.` });
    return job;
  }

  private async printNow(job: PrintJob): Promise<PrintJob> {
    await this.drain();
    return toJob(this.q.byId.get(job.id)!);
  }

  queue(): { pending: number; jobs: PrintJob[] } {
    this.queueDeferred();
    const pending = this.q.pending.all().map(toJob);
    const recent = this.q.recent.all(20).map(toJob);
    const jobs = [...pending, ...recent.filter((r) => !pending.some((p) => p.id === r.id))].sort((a, b) => b.id - a.id);
    return { pending: pending.length, jobs };
  }

  /** "Tentar novamente": the job (or every pending job) is due now. */
  async retry(jobId?: number): Promise<{ pending: number; jobs: PrintJob[] }> {
    this.queueDeferred();
    const now = this.deps.now().toISOString();
    if (jobId === undefined) this.q.retryAll.run(now, now);
    else {
      const row = this.q.byId.get(jobId);
      if (!row) throw new AppError('printing.jobNotFound', 'Trabalho de impressão não encontrado.');
      if (row.status === 'done') throw new AppError('printing.alreadyPrinted', 'Este comprovante já foi impresso. Use "Reimprimir" para outra via.');
      this.q.retryOne.run(now, now, jobId);
    }
    await this.drain();
    return this.queue();
  }

  /**
   * Runs the worker until no job is due or a job fails (the printer is down:
   * the rest waits). Calls made while it runs wait for it and run again, so a
   * job queued meanwhile is not left behind.
   */
  async drain(): Promise<void> {
    this.queueDeferred();
    while (this.worker) await this.worker;
    if (this.closed) return;
    this.worker = this.work().finally(() => {
      this.worker = null;
      this.schedule();
    });
    await this.worker;
  }

  private async work(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const job = this.q.nextDue.get(this.deps.now().toISOString());
      if (!job) return;
      const claimed = this.q.claim.run(this.deps.now().toISOString(), job.id);
      if (claimed.changes !== 1) continue;
      const attempts = job.attempts + 1;
      this.deps.emit('printing.job', { ...toJob({ ...job, status: 'printing', attempts }), message: `${job.title}: imprimindo…` });
      const ok = await this.send(job, attempts);
      if (!ok) return;
    }
  }

  private async send(job: JobRow, attempts: number): Promise<boolean> {
    const s = this.settings();
    const iface = this.effectiveInterface();
    try {
      if (!iface) throw new PrintError('config', 'Nenhuma impressora configurada. Abra "Impressora" e informe o endereço.');
      // An address saved in the screen is held to the saved port list; BALCAO_PRINTER (whoever starts the till chose it) is not.
      const tcpPorts = s.interface.trim() ? s.tcpPorts : null;
      await sendToPrinter(iface, job.bytes, { timeoutMs: this.deps.timeoutMs ?? 5000, statusCheck: s.statusCheck && s.type !== 'STAR', tcpPorts });
      if (this.closed) return false;
      const now = this.deps.now().toISOString();
      this.q.done.run(now, now, job.id);
      const row = this.q.byId.get(job.id)!;
      this.deps.emit('printing.job', { ...toJob(row), message: `${job.title}: impresso.` });
      return true;
    } catch (err) {
      if (this.closed) return false;
      const reason = err instanceof PrintError ? err.message : `Falha inesperada na impressão: ${err instanceof Error ? err.message : String(err)}`;
      // When the bytes may already be on paper, a second copy is the cashier's call, not the robot's.
      const maybePrinted = err instanceof PrintError && err.maybeDelivered;
      const auto = !maybePrinted && attempts < this.retryCfg.maxAttempts;
      const wait = Math.min(this.retryCfg.maxMs, this.retryCfg.baseMs * 2 ** (attempts - 1));
      const now = this.deps.now();
      const next = auto ? new Date(now.getTime() + wait).toISOString() : null;
      this.q.fail.run(reason, next, now.toISOString(), job.id);
      const row = this.q.byId.get(job.id)!;
      const message =
        `Não foi possível imprimir (${job.title}): ${reason} ` +
        (job.sale_id ? 'A venda está salva; ' : '') +
        (maybePrinted
          ? 'o comprovante ficou na fila. Ele pode ter saído pela metade: confira o papel antes de tocar em "Tentar novamente".'
          : auto
            ? 'o comprovante ficou na fila e será reenviado automaticamente, ou toque em "Tentar novamente".'
            : 'o comprovante ficou na fila: toque em "Tentar novamente".');
      this.deps.emit('printing.job', { ...toJob(row), message });
      this.deps.log?.(`[impressão] ${job.title}: ${reason}`);
      return false;
    }
  }

  /** Wakes the worker at the next automatic retry. */
  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = this.q.earliest.get()?.at;
    if (!at) return;
    const delay = Math.max(0, new Date(at).getTime() - this.deps.now().getTime());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain().catch((err) => this.deps.log?.(`[impressão] ${String(err)}`));
    }, delay);
    this.timer.unref?.();
  }

  /** Resumes the queue left by a previous run. */
  start(): void {
    this.schedule();
  }

  async close(): Promise<void> {
    // Receipts still waiting for their turn are queued (they print at the next start), not lost.
    this.queueDeferred();
    if (this.deferredRun) clearImmediate(this.deferredRun);
    this.deferredRun = null;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.worker) await this.worker.catch(() => undefined);
  }
}
