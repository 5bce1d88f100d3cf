import { durableTransaction } from '../db/durable';
import type { Shift, ShiftFormLine, ShiftMovement } from '../../shared/api/shifts';
import { PAYMENT_FORMS, type Operator, type Sale } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { PrintingService } from '../printing/service';
import type { ChangeKind } from '../sales/pipeline';
import { NO_PAYMENT_FORM } from '../sales/zero';
import { buildClosingReport, buildMovementSlip, type SlipOptions } from './receipts';

const CASH = 1;
export const TOLERANCE_KEY = 'shift.toleranceCents';
export const DEFAULT_TOLERANCE_CENTS = 500;

/** Checks a manager's PIN; returns who approved, or null. The users capability provides it (see README note). */
/**
 * Who approves a closing difference above the tolerance. With `asksPin` (default) the screen shows
 * "PIN do gerente" and passes it; without it the approver decides by itself (the users capability's
 * one-shot approval, which asks for the PIN in its own overlay by refusing with auth.approvalRequired).
 */
export type ManagerApprover = (
  pin: string | undefined,
  subject: { shiftId: number; differenceCents: number; summary: string },
) => { name: string } | null;

export interface ShiftDeps {
  db: Db;
  now: () => Date;
  operator: () => Operator;
  /** Slips and the closing report (optional: tests without a printer). */
  printing?: PrintingService;
  storeName: string;
  /** Outbox rows not yet delivered (closing warns). */
  pendingSync: () => number;
  log?: (line: string) => void;
}

interface ShiftRow {
  id: number;
  status: 'aberto' | 'fechado';
  opened_at: string;
  opened_by_id: number;
  opened_by_name: string;
  float_cents: number;
  closed_at: string | null;
  closed_by_name: string | null;
  closing_json: string | null;
  difference_cents: number | null;
  approved_by: string | null;
  pending_sync: number | null;
}

const formName = (code: number) => PAYMENT_FORMS[code as keyof typeof PAYMENT_FORMS] ?? `Forma ${code}`;

/**
 * The shift (caixa): opening with a change float, suprimento/sangria, blind
 * closing count. One open shift at a time (partial unique index); a restart
 * resumes it because it lives in SQLite. Sales are linked at finalize.
 */
export class ShiftService {
  private readonly q;
  private approver: ManagerApprover | null = null;
  private approverAsksPin = true;

  constructor(private readonly deps: ShiftDeps) {
    const db = deps.db;
    this.q = {
      open: db.prepare<[], ShiftRow>(`SELECT * FROM shifts WHERE status = 'aberto'`),
      byId: db.prepare<[number], ShiftRow>(`SELECT * FROM shifts WHERE id = ?`),
      insert: db.prepare(`INSERT INTO shifts (status, opened_at, opened_by_id, opened_by_name, float_cents) VALUES ('aberto', ?, ?, ?, ?) RETURNING id`),
      movements: db.prepare<[number], { id: number; kind: 'suprimento' | 'sangria'; amount_cents: number; reason: string; operator_name: string; created_at: string }>(
        `SELECT * FROM shift_movements WHERE shift_id = ? ORDER BY id`,
      ),
      insertMovement: db.prepare(
        `INSERT INTO shift_movements (shift_id, kind, amount_cents, reason, operator_name, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
      ),
      salesCount: db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM sales WHERE shift_id = ? AND status = 'finalizada'`),
      byForm: db.prepare<[number], { form_code: number; amount: number; received: number; change: number }>(
        `SELECT p.form_code, sum(p.amount_cents) AS amount, sum(p.received_cents) AS received, sum(p.change_cents) AS change
         FROM sales s JOIN payments p ON p.sale_id = s.id
         WHERE s.shift_id = ? AND s.status = 'finalizada' GROUP BY p.form_code ORDER BY p.form_code`,
      ),
      close: db.prepare(
        `UPDATE shifts SET status = 'fechado', closed_at = ?, closed_by_name = ?, closing_json = ?, difference_cents = ?, approved_by = ?, pending_sync = ?
         WHERE id = ? AND status = 'aberto'`,
      ),
      link: db.prepare(`UPDATE sales SET shift_id = ? WHERE id = ?`),
      openSaleLines: db.prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'aberta'`,
      ),
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  /** The users capability wires the manager's approval here. */
  setApprover(fn: ManagerApprover | null, opts: { asksPin?: boolean } = {}): void {
    this.approver = fn;
    this.approverAsksPin = opts.asksPin ?? true;
  }

  /**
   * The sale pipeline's steps of the shift (core/app/pipelines.ts): no change to a sale without an open
   * shift (when required), and every finalized sale gets the open shift's id in its transaction.
   */
  saleSteps(opts: { requireShift: boolean }): { requireOpenShift: (kind: ChangeKind) => void; linkSale: (sale: Sale) => void } {
    return {
      requireOpenShift: (kind) => {
        if (opts.requireShift && kind !== 'discard' && !this.q.open.get()) {
          throw new AppError('shift.notOpen', 'O caixa está fechado. Faça a "Abertura de caixa" antes de vender.');
        }
      },
      linkSale: (sale) => {
        const open = this.q.open.get();
        if (!open && opts.requireShift) throw new AppError('shift.notOpen', 'O caixa está fechado. Faça a "Abertura de caixa" antes de finalizar a venda.');
        if (open) this.q.link.run(open.id, sale.id);
      },
    };
  }

  private tx<T>(fn: () => T): T {
    return this.deps.db.transaction(fn).immediate();
  }

  current(): Shift | null {
    const row = this.q.open.get();
    return row ? this.toShift(row) : null;
  }

  get(id: number): Shift {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('shift.notFound', 'Caixa não encontrado.');
    return this.toShift(row);
  }

  private requireOpen(): ShiftRow {
    const row = this.q.open.get();
    if (!row) throw new AppError('shift.notOpen', 'O caixa está fechado. Faça a "Abertura de caixa" primeiro.');
    return row;
  }

  open(floatCents: number): Shift {
    const shift = this.tx(() => {
      if (this.q.open.get()) throw new AppError('shift.alreadyOpen', 'O caixa já está aberto.');
      const op = this.deps.operator();
      const { id } = this.q.insert.get(this.deps.now().toISOString(), op.id, op.name, floatCents) as { id: number };
      return this.toShift(this.q.byId.get(id)!);
    });
    // No slip at opening: the float is on the closing report (and the drawer is not kicked for it).
    return shift;
  }

  movement(kind: 'suprimento' | 'sangria', amountCents: number, reason: string): Shift {
    const { shift, movement } = this.tx(() => {
      const row = this.requireOpen();
      if (kind === 'sangria') {
        const cash = this.expectedCash(row);
        if (amountCents > cash) {
          throw new AppError('shift.sangriaTooLarge', `Sangria de ${formatBRL(amountCents)} maior que o dinheiro esperado na gaveta (${formatBRL(cash)}).`);
        }
      }
      const { id } = this.q.insertMovement.get(row.id, kind, amountCents, reason.trim(), this.deps.operator().name, this.deps.now().toISOString()) as {
        id: number;
      };
      const shift = this.toShift(row);
      return { shift, movement: shift.movements.find((m) => m.id === id)! };
    });
    this.print('cash', `${kind === 'sangria' ? 'Sangria' : 'Suprimento'} ${formatBRL(amountCents)}`, (o) => buildMovementSlip(shift, movement, o));
    return shift;
  }

  toleranceCents(): number {
    const v = Number(this.q.getSetting.get(TOLERANCE_KEY)?.value);
    return Number.isInteger(v) && v >= 0 ? v : DEFAULT_TOLERANCE_CENTS;
  }

  setTolerance(cents: number): { toleranceCents: number } {
    this.q.putSetting.run(TOLERANCE_KEY, String(cents));
    return { toleranceCents: this.toleranceCents() };
  }

  /** Forms to count (cash always, plus every form used in the shift), without the expected figures (blind count). */
  closingInfo() {
    const row = this.requireOpen();
    // Nothing to count for "Sem Pagamento" (form 90: R$ 0,00 sales and sales paid by the loyalty balance).
    const codes = new Set([CASH, ...this.q.byForm.all(row.id).map((r) => r.form_code).filter((c) => c !== NO_PAYMENT_FORM)]);
    return {
      forms: [...codes].sort((a, b) => a - b).map((c) => ({ formCode: c, formName: formName(c) })),
      pendingSync: this.deps.pendingSync(),
      toleranceCents: this.toleranceCents(),
      approvalAvailable: this.approver !== null && this.approverAsksPin,
    };
  }

  /** float + cash received − change + suprimentos − sangrias. */
  private cashParts(row: ShiftRow) {
    const cash = this.q.byForm.all(row.id).find((r) => r.form_code === CASH);
    const moves = this.q.movements.all(row.id);
    const sup = moves.filter((m) => m.kind === 'suprimento').reduce((a, m) => a + m.amount_cents, 0);
    const san = moves.filter((m) => m.kind === 'sangria').reduce((a, m) => a + m.amount_cents, 0);
    return { received: cash?.received ?? 0, change: cash?.change ?? 0, sup, san };
  }

  expectedCash(row: ShiftRow): number {
    const p = this.cashParts(row);
    return row.float_cents + p.received - p.change + p.sup - p.san;
  }

  /** Expected amount per form (cash per the formula above; others: the sum of their payments). */
  expected(shiftId: number): Map<number, number> {
    const row = this.q.byId.get(shiftId);
    if (!row) throw new AppError('shift.notFound', 'Caixa não encontrado.');
    const out = new Map<number, number>([[CASH, this.expectedCash(row)]]);
    for (const r of this.q.byForm.all(row.id)) if (r.form_code !== CASH && r.form_code !== NO_PAYMENT_FORM) out.set(r.form_code, r.amount);
    return out;
  }

  close(counted: { formCode: number; countedCents: number }[], managerPin?: string): Shift {
    // The shift's closing must survive a power cut: one fsync'd commit (durableTransaction).
    const { shift, detail } = durableTransaction(this.deps.db, () => {
      const row = this.requireOpen();
      if (this.q.openSaleLines.get()!.n > 0) {
        throw new AppError('shift.saleInProgress', 'Há uma venda em andamento: finalize-a ou cancele-a antes de fechar o caixa.');
      }
      const expected = this.expected(row.id);
      const countedBy = new Map(counted.map((c) => [c.formCode, c.countedCents]));
      const codes = [...new Set([...expected.keys(), ...countedBy.keys()])].sort((a, b) => a - b);
      const lines: ShiftFormLine[] = codes.map((c) => {
        const e = expected.get(c) ?? 0;
        const k = countedBy.get(c) ?? 0;
        return { formCode: c, formName: formName(c), expectedCents: e, countedCents: k, differenceCents: k - e };
      });
      const difference = lines.reduce((a, l) => a + l.differenceCents, 0);
      const tolerance = this.toleranceCents();
      let approvedBy: string | null = null;
      if (Math.abs(difference) > tolerance && this.approver) {
        const subject = { shiftId: row.id, differenceCents: difference, summary: `Fechar o caixa nº ${row.id} com diferença de ${formatBRL(difference)} (tolerância ${formatBRL(tolerance)})` };
        const who = managerPin || !this.approverAsksPin ? this.approver(managerPin, subject) : null;
        if (!who) {
          throw new AppError(
            managerPin ? 'shift.badManagerPin' : 'shift.needsManager',
            managerPin
              ? 'PIN do gerente não confere. Tente de novo.'
              : `A diferença de ${formatBRL(difference)} passa da tolerância de ${formatBRL(tolerance)}: informe o PIN do gerente para fechar o caixa.`,
            { differenceCents: difference, toleranceCents: tolerance },
          );
        }
        approvedBy = who.name;
      }
      const pending = this.deps.pendingSync();
      this.q.close.run(this.deps.now().toISOString(), this.deps.operator().name, JSON.stringify(lines), difference, approvedBy, pending, row.id);
      const p = this.cashParts(row);
      return {
        shift: this.toShift(this.q.byId.get(row.id)!),
        detail: { cashSalesCents: p.received, changeCents: p.change, pendingSync: pending, toleranceCents: tolerance },
      };
    });
    this.print('shift', `Fechamento de caixa nº ${shift.id}`, (o) => buildClosingReport(shift, detail, o));
    return shift;
  }

  private print(kind: 'shift' | 'cash', title: string, build: (o: SlipOptions) => Buffer): void {
    const printing = this.deps.printing;
    if (!printing) return;
    try {
      const s = printing.settings();
      const bytes = build({ type: s.type, paperMm: s.paperMm, characterSet: s.characterSet, cut: s.cut, storeName: s.storeName || this.deps.storeName });
      printing.enqueue(kind, null, title, bytes);
      void printing.drain().catch((err) => this.deps.log?.(`[impressão] ${String(err)}`));
    } catch (err) {
      this.deps.log?.(`[caixa] não foi possível imprimir ${title}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private toShift(row: ShiftRow): Shift {
    const movements: ShiftMovement[] = this.q.movements.all(row.id).map((m) => ({
      id: m.id,
      kind: m.kind,
      amountCents: m.amount_cents,
      reason: m.reason,
      operatorName: m.operator_name,
      createdAt: m.created_at,
    }));
    return {
      id: row.id,
      status: row.status,
      openedAt: row.opened_at,
      openedBy: row.opened_by_name,
      floatCents: row.float_cents,
      closedAt: row.closed_at,
      closedBy: row.closed_by_name,
      movements,
      salesCount: this.q.salesCount.get(row.id)!.n,
      closing: row.closing_json ? (JSON.parse(row.closing_json) as ShiftFormLine[]) : null,
      differenceCents: row.difference_cents,
      approvedBy: row.approved_by,
    };
  }
}
