import { PAYMENT_FORMS } from '../../shared/api/sales';
import type { SalesCursor, SalesFilter, SalesRow } from '../../shared/api/sales-query';
import { maskCpf } from '../../shared/cpf';
import type Database from 'better-sqlite3';
import type { Db } from '../db/open';

/** Bit of a payment form in sales.pay_mask (same mapping as migration 008's PAYMENT_BIT_SQL). */
export function paymentFormBit(formCode: number): number {
  if (formCode >= 0 && formCode <= 60) return formCode;
  return formCode === 90 ? 61 : 62;
}

const LOYALTY_BIT = { bonus: 1, bonusPending: 2, reversalPending: 4 } as const;
const LOYALTY_INDEX = { bonus: 'sales_bo_bonus', bonusPending: 'sales_bo_bonus_pending', reversalPending: 'sales_bo_reversal_pending' } as const;
const WHOLE_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00:00(\.000)?Z$/;

/**
 * The hourly aggregate answers count/total when the filter is only period
 * (whole UTC hours, as local midnights are), status and operator.
 */
export function hourlySummarySql(f: SalesFilter): { sql: string; params: unknown[] } | null {
  const keys = Object.entries(f).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (keys.some((k) => !['from', 'to', 'status', 'operatorId'].includes(k))) return null;
  if (f.status === 'prevenda') return null;
  if ((f.from && !WHOLE_HOUR.test(f.from)) || (f.to && !WHOLE_HOUR.test(f.to))) return null;
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.from) {
    where.push('hour >= ?');
    params.push(f.from.slice(0, 13));
  }
  if (f.to) {
    where.push('hour < ?');
    params.push(f.to.slice(0, 13));
  }
  if (f.status) {
    where.push('status = ?');
    params.push(f.status);
  }
  if (f.operatorId !== undefined) {
    where.push('operator_id = ?');
    params.push(f.operatorId);
  }
  return {
    sql: `SELECT ${SUMMARY_COLUMNS('n', 'total')} FROM sales_hourly${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

export interface SalesSummary {
  /** Every filtered sale, cancelled ones included. */
  count: number;
  /** Sum of the sales that count (cancelled ones left out). */
  totalCents: number;
  cancelledCount: number;
  cancelledCents: number;
}

/** count, total without the cancelled ones, and the cancelled apart: over sales (one row each) or sales_hourly (n, total per status). */
const SUMMARY_COLUMNS = (n: string, total: string, status = 'status') =>
  `coalesce(sum(${n}), 0) AS n,
   coalesce(sum(CASE WHEN ${status} != 'cancelada' THEN ${total} END), 0) AS t,
   coalesce(sum(CASE WHEN ${status} = 'cancelada' THEN ${n} END), 0) AS cn,
   coalesce(sum(CASE WHEN ${status} = 'cancelada' THEN ${total} END), 0) AS ct`;

interface Built {
  /** FROM clause with the chosen index. */
  from: string;
  where: string;
  params: unknown[];
  /** Time column the list is ordered and paged by. */
  time: 'finalized_at' | 'opened_at';
}

/**
 * Builds the WHERE for a filter and picks the index explicitly (INDEXED BY), so
 * the plan never depends on statistics: a number or CPF goes to its own index,
 * a period to the covering time index (list, count and total read only the
 * index), an operator or a loyalty filter without a period to theirs.
 */
export function buildFilter(f: SalesFilter): Built {
  const where: string[] = [];
  const params: unknown[] = [];
  const prevenda = f.status === 'prevenda';
  const time = prevenda ? 'opened_at' : 'finalized_at';
  if (prevenda) where.push(`s.status = 'aberta'`);
  else if (f.status) {
    where.push('s.status = ?');
    params.push(f.status);
  } else where.push(`s.status IN ('finalizada', 'cancelada')`);
  if (f.from) {
    where.push(`s.${time} >= ?`);
    params.push(f.from);
  }
  if (f.to) {
    where.push(`s.${time} < ?`);
    params.push(f.to);
  }
  if (!prevenda) where.push('s.finalized_at IS NOT NULL');
  if (f.minCents !== undefined) {
    where.push('s.net_cents >= ?');
    params.push(f.minCents);
  }
  if (f.maxCents !== undefined) {
    where.push('s.net_cents <= ?');
    params.push(f.maxCents);
  }
  if (f.formCode !== undefined) {
    where.push('(s.pay_mask >> ?) & 1 = 1');
    params.push(paymentFormBit(f.formCode));
  }
  if (f.cpf) {
    where.push('s.customer_cpf = ?');
    params.push(f.cpf);
  }
  if (f.number !== undefined) {
    where.push('s.document_number = ?');
    params.push(f.number);
  }
  if (f.operatorId !== undefined) {
    where.push('s.operator_id = ?');
    params.push(f.operatorId);
  }
  if (f.loyalty) where.push(`s.loyalty_flags & ${LOYALTY_BIT[f.loyalty]} != 0`);
  let index: string | null;
  if (prevenda) index = null;
  else if (f.number !== undefined) index = 'sales_bo_number';
  else if (f.cpf) index = 'sales_bo_cpf';
  // The rarer set first; every one of these is covering and ordered by finalized_at inside.
  else if (f.loyalty === 'bonusPending' || f.loyalty === 'reversalPending') index = LOYALTY_INDEX[f.loyalty];
  else if (f.operatorId !== undefined) index = 'sales_bo_operator';
  else if (f.loyalty) index = LOYALTY_INDEX[f.loyalty];
  else index = 'sales_bo_time';
  return { from: `sales s${index ? ` INDEXED BY ${index}` : ''}`, where: where.join(' AND '), params, time };
}

interface ListRow {
  id: string;
  rowid: number;
  status: SalesRow['status'];
  document_number: number | null;
  series: string | null;
  at: string;
  operator_name: string;
  customer_cpf: string | null;
  net_cents: number;
}

/** Minhas vendas' query: keyset pages, count and total of the filtered sales. */
export class SalesQuery {
  private readonly cache = new Map<string, Database.Statement<unknown[]>>();
  private readonly itemCount;
  private readonly forms;

  constructor(private readonly db: Db) {
    this.itemCount = db.prepare<[string], { n: number }>(`SELECT coalesce(sum(CASE WHEN fractional = 1 THEN 1 ELSE quantity / 1000 END), 0) AS n FROM sale_lines WHERE sale_id = ?`);
    this.forms = db.prepare<[string], { form_code: number }>(`SELECT DISTINCT form_code FROM payments WHERE sale_id = ? ORDER BY form_code`);
  }

  private stmt(sql: string) {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[]>(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }

  /** One page, newest first; `next` continues after the last row (stable when new sales arrive). */
  search(filter: SalesFilter, after: SalesCursor | undefined, limit: number): { rows: SalesRow[]; next: SalesCursor | null } {
    const b = buildFilter(filter);
    const params = [...b.params];
    let where = b.where;
    if (after) {
      where += ` AND (s.${b.time} < ? OR (s.${b.time} = ? AND s.rowid < ?))`;
      params.push(after.at, after.at, after.rowid);
    }
    const sql =
      `SELECT s.id, s.rowid AS rowid, s.status, s.document_number, s.series, s.${b.time} AS at, s.operator_name, s.customer_cpf, s.net_cents
       FROM ${b.from} WHERE ${where} ORDER BY s.${b.time} DESC, s.rowid DESC LIMIT ?`;
    const rows = this.stmt(sql).all(...params, limit + 1) as ListRow[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const out = page.map<SalesRow>((r) => ({
      id: r.id,
      rowid: r.rowid,
      status: r.status,
      documentNumber: r.document_number,
      series: r.series,
      at: r.at,
      operatorName: r.operator_name,
      customerCpfMasked: r.customer_cpf ? maskCpf(r.customer_cpf) : null,
      netCents: r.net_cents,
      itemCount: this.itemCount.get(r.id)!.n,
      formNames: this.forms.all(r.id).map((p) => PAYMENT_FORMS[p.form_code as keyof typeof PAYMENT_FORMS] ?? `Forma ${p.form_code}`),
    }));
    const last = page.at(-1);
    return { rows: out, next: more && last ? { at: last.at, rowid: last.rowid } : null };
  }

  /**
   * Count and total of the filtered sales. The total leaves cancelled sales out, as "Relatório do dia" does
   * (one rule everywhere); they are counted and summed apart, labelled on the screen.
   */
  summary(filter: SalesFilter): SalesSummary {
    const hourly = hourlySummarySql(filter);
    const b = hourly ? null : buildFilter(filter);
    const r = (
      hourly
        ? this.stmt(hourly.sql).get(...hourly.params)
        : this.stmt(`SELECT ${SUMMARY_COLUMNS('1', 's.net_cents', 's.status')} FROM ${b!.from} WHERE ${b!.where}`).get(...b!.params)
    ) as { n: number; t: number; cn: number; ct: number };
    return { count: r.n, totalCents: r.t, cancelledCount: r.cn, cancelledCents: r.ct };
  }

  /** Every filtered sale id, newest first, in pages (exports): never the whole set in memory. */
  *iterate(filter: SalesFilter, pageSize = 500): Generator<SalesRow> {
    let after: SalesCursor | undefined;
    for (;;) {
      const page = this.search(filter, after, pageSize);
      yield* page.rows;
      if (!page.next) return;
      after = page.next;
    }
  }

  /** Query plan (tests/bench check that every combination uses an index, never a full table scan). */
  plan(filter: SalesFilter): string[] {
    const b = buildFilter(filter);
    return (this.db.prepare<unknown[]>(`EXPLAIN QUERY PLAN SELECT count(*), sum(s.net_cents) FROM ${b.from} WHERE ${b.where}`).all(...b.params) as { detail: string }[]).map(
      (r) => r.detail,
    );
  }
}
