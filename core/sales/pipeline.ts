import type { Sale } from '../../shared/api/sales';

/** What changes the open sale: items/discounts ('line'), a tender ('payment'), "Cancelar venda" ('discard'). */
export type ChangeKind = 'line' | 'payment' | 'discard';

/** The campaign chosen on the loyalty screen at "Finalizar" (loyalty's FinalizeChoice). */
export interface CampaignChoice {
  campaignId: number | null;
  campaignDescription: string | null;
  campaignsQueued: boolean;
}

/** What "Finalizar" was asked with; every step of the pipeline sees it. */
export interface FinalizeInput {
  /** A R$ 0,00 sale confirmed by the cashier: recorded with form 90 "Sem Pagamento". */
  withoutPayment?: boolean;
  /** The loyalty screen's campaign; without it a customer's campaigns are queued (as a plain "Finalizar"). */
  campaign?: CampaignChoice;
}

/** A named step run INSIDE the open sale's transaction before a change commits: throw an AppError to refuse it. */
export interface ChangeStep {
  name: string;
  run(kind: ChangeKind, saleId: string): void;
}

/**
 * A named step run INSIDE the finalize transaction (one fsync), after DocumentoNF/SerieNF are assigned: it
 * writes what must commit with the sale (outbox rows, shift link); an AppError refuses and rolls all back.
 */
export interface FinalizeStep {
  name: string;
  run(sale: Sale, input: FinalizeInput): void;
}

/** A named step run after the finalize commit, off the reply's path (never undoes the sale). */
export interface AfterFinalizeStep {
  name: string;
  run(sale: Sale): void;
}

/** The sale's steps, declared in ONE place (core/app/pipelines.ts), in the order they run. */
export interface SalePipeline {
  change: readonly ChangeStep[];
  finalize: readonly FinalizeStep[];
}

/** A step list as printed: "1. name" a line. */
export function describeSteps(steps: readonly { name: string }[]): string[] {
  return steps.map((s, i) => `${i + 1}. ${s.name}`);
}

/** The step lists are fixed once declared: a second declaration (a hook added elsewhere) is refused. */
export function installOnce<T>(current: T | null, next: T, what: string): T {
  if (current !== null) {
    throw new Error(`${what}: os passos já foram declarados (core/app/pipelines.ts); acrescente o passo à lista, não fora dela.`);
  }
  return Object.freeze(next);
}
