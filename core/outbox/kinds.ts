import type { z } from 'zod';
import type { Db } from '../db/open';
import type { DeliveryContext, DeliveryOutcome, OutboxRow } from './types';

/**
 * What a channel tells the outbox about one of its kinds ('<channel>.<name>'). The outbox itself names no
 * partner: each channel registers its kinds at start (README, "Where things are": the outbox channels).
 */
export interface OutboxKind<P = unknown> {
  /** The stored payload's shape, PARSED (not cast) before every delivery: a row that does not fit goes to a person. */
  payload: z.ZodType<P>;
  /** One attempt. Must not throw for expected failures: return an outcome. */
  deliver: (row: OutboxRow<P>, ctx: DeliveryContext) => Promise<DeliveryOutcome>;
  /**
   * Rows of a sale go strictly in order, and a row that needs a person holds the rows after it — except rows of
   * a kind that proceeds once the earlier rows are SETTLED (done, attention or discarded): each is its own effect
   * at the partner (a refused redemption keeps the discount and the bonus still goes; a refund must not wait for a
   * person to settle a refused cancel). The refusal itself stays in "Sincronização" for a person.
   */
  proceedsAfterAttention?: boolean;
  /** What "Sincronização" calls a row of this kind (default: the part after the channel). */
  label?: string;
  /** The customer's CPF a payload carries, for rows without a sale ("Sincronização" shows it masked). */
  customerCpf?: (payload: P) => string | null;
  /** Carries the sale's bonus: while not delivered and not answered, the receipt and Minhas vendas say it is pending. */
  bonus?: boolean;
}

/** Rows of these kinds go on after an earlier row of their sale needs a person (the SQL of repo.ts and statements.ts reads it). */
const PROCEEDING_TABLE = 'temp.outbox_proceeding_kinds';

/**
 * The connection's list of kinds that proceed after attention: a TEMP table (this connection only, never in the
 * database file), so the repo, the worker and their prepared statements read one list whoever registered it.
 */
export function ensureProceedingTable(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS outbox_proceeding_kinds (kind TEXT PRIMARY KEY) WITHOUT ROWID`);
}

/** SQL: does earlier row `p` hold row `<outer>`? (not settled; or in attention while `<outer>` does not proceed) */
export function holdsSql(outer: string): string {
  return `(p.status NOT IN ('done', 'discarded') AND NOT (p.status = 'attention' AND ${outer}.kind IN (SELECT kind FROM ${PROCEEDING_TABLE})))`;
}

/** The kinds registered on one outbox. */
export class OutboxKinds {
  private readonly kinds = new Map<string, OutboxKind<unknown>>();
  private readonly addProceeding;

  constructor(db: Db) {
    ensureProceedingTable(db);
    this.addProceeding = db.prepare(`INSERT OR IGNORE INTO outbox_proceeding_kinds (kind) VALUES (?)`);
  }

  define<P>(kind: string, spec: OutboxKind<P>): void {
    if (this.kinds.has(kind)) throw new Error(`outbox: handler registrado duas vezes: ${kind}`);
    this.kinds.set(kind, spec as OutboxKind<unknown>);
    if (spec.proceedsAfterAttention) this.addProceeding.run(kind);
  }

  get(kind: string): OutboxKind<unknown> | undefined {
    return this.kinds.get(kind);
  }

  label(kind: string): string {
    const label = this.get(kind)?.label;
    if (label) return label;
    return kind.includes('.') ? kind.slice(kind.indexOf('.') + 1) : kind;
  }

  /** The customer's CPF in a stored payload, when its kind says where (a payload that does not parse has none). */
  customerCpf(kind: string, payload: unknown): string | null {
    const spec = this.get(kind);
    if (!spec?.customerCpf) return null;
    const parsed = spec.payload.safeParse(payload);
    return parsed.success ? spec.customerCpf(parsed.data) : null;
  }

  isBonus(kind: string): boolean {
    return this.get(kind)?.bonus === true;
  }
}

/** "campo: problema; …" — what a person reads about a payload that did not parse. */
export function describePayloadIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'dados'}: ${i.message}`)
    .join('; ');
}
