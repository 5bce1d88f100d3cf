/** Test helpers for hub operations through the outbox (not a test file). */
import { randomUUID } from 'node:crypto';
import type { Sale } from '../shared/api/sales';
import type { Db } from '../core/db/open';
import { buildConsultarCampanha, buildEstornarVenda, buildGerarBonus, buildResgatarSaldo } from '../core/partners/hub/builders';
import { enqueueHub } from '../core/partners/hub/outbox';
import type { HubRoute } from '../core/partners/hub/routes';
import { makeSale } from './hub-kit';
import type { OutboxRepo } from '../core/outbox/repo';
import type { OutboxRow } from '../core/outbox/types';

/** The routes a sale queues (issue 10's fault matrix). */
export const QUEUED_ROUTES = ['ResgatarSaldo', 'GerarBonus', 'EstornarVenda', 'ConsultarCampanha'] as const satisfies readonly HubRoute[];
export type QueuedRoute = (typeof QUEUED_ROUTES)[number];

/** A finalized sale row (the outbox's sale_id points at it), with its own id and document number. */
export function insertFinalizedSale(db: Db, o: { cpf: string; documentNumber: number; redemptionCents?: number; id?: string }): Sale {
  const sale = { ...makeSale({ cpf: o.cpf, documentNumber: o.documentNumber, redemptionCents: o.redemptionCents ?? 0 }), id: o.id ?? randomUUID() };
  db.prepare(
    `INSERT INTO sales (id, status, document_number, series, opened_at, finalized_at, operator_id, operator_name, customer_cpf, net_cents)
     VALUES (?, 'finalizada', ?, ?, ?, ?, 1, 'Caixa 01', ?, ?)`,
  ).run(sale.id, sale.documentNumber, sale.series, sale.openedAt, sale.finalizedAt, o.cpf, sale.totals.netCents);
  return sale;
}

/** Queues one hub operation of `sale` the way the loyalty flow does (GUID minted once, inside a transaction). */
export function enqueueRoute(db: Db, repo: OutboxRepo, sale: Sale, route: QueuedRoute): OutboxRow {
  const cpf = sale.customerCpf!;
  const build = (g: string): Record<string, unknown> => {
    switch (route) {
      case 'ResgatarSaldo':
        return buildResgatarSaldo(g, sale, { cpf });
      case 'GerarBonus':
        return buildGerarBonus(g, sale, { cpf, campaignId: 101 });
      case 'EstornarVenda':
        return buildEstornarVenda(g, { cpf, documentNumber: sale.documentNumber!, series: sale.series! });
      case 'ConsultarCampanha':
        return buildConsultarCampanha(g, sale, { cpf });
    }
  };
  return db.transaction(() => enqueueHub(repo, { route, saleId: sale.id, build }))();
}

/** GUIDs the sandbox received for a route / applied (its exactly-once ledger). */
export function guidOf(body: unknown): string {
  return String((body as { IdentificadorTransacao?: unknown })?.IdentificadorTransacao ?? '').toUpperCase();
}
