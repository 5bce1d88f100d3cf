/** Test helpers for the hub client (not a test file): a sandbox over real HTTP, a fresh DB, settings saved. */
import { randomUUID } from 'node:crypto';
import { lineTotalCents } from '../shared/quantity';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sale } from '../shared/api/sales';
import { openDatabase, type Db } from '../core/db/open';
import { startHubSandbox, type HubSandbox, type HubSandboxOptions } from '../sandboxes/hub/server';
import { saleTotals } from '../core/sales/totals';
import { createLoyalty, type Loyalty } from '../core/partners/hub';
import type { HubRoute } from '../core/partners/hub/routes';

/** A fresh operation key for a test's effectful call (ResgatarSaldo, GerarBonus, EstornarVenda need one). */
export const newOpKey = () => `test:${randomUUID()}`;

export const TOKEN = 'eyJhbGciOiJodHRwOi8vd3d3LnczLm9yZy8yMDAxLzA0L3htbGRzaWctbW9yZSNobWFjLXNoYTI1NiJ9.sandbox-token-4f2a';
export const ANA = '52998224725'; // SMS PIN, balance 150,00 / 120,00
export const BRUNO = '11144477735'; // e-mail PIN
export const CARLA = '39053344705'; // no PIN
export const NEWCOMER = '12345678909'; // unknown, registers

export interface HubKit {
  dir: string;
  db: Db;
  sandbox: HubSandbox;
  loyalty: Loyalty;
  logs: string[];
  close(): Promise<void>;
}

export async function setupHub(opts: { timeoutMs?: number; sandbox?: HubSandboxOptions; save?: boolean } = {}): Promise<HubKit> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-hub-'));
  const sandbox = await startHubSandbox({ port: 0, ...opts.sandbox });
  const db = openDatabase(path.join(dir, 'balcao.db'));
  const logs: string[] = [];
  const loyalty = createLoyalty({ db, dataDir: dir, hubUrl: sandbox.url, log: (l) => logs.push(l), now: () => new Date(), timeoutMs: opts.timeoutMs ?? 3000 });
  if (opts.save !== false) {
    loyalty.settings.save({ hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: TOKEN, environment: 0, active: true });
  }
  return {
    dir,
    db,
    sandbox,
    loyalty,
    logs,
    async close() {
      await sandbox.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface LineSpec {
  code: number;
  ean: string;
  description: string;
  /** Whole units; for a `fractional` line, thousandths of its unit (350 = 0,350 kg). */
  quantity: number;
  fractional?: boolean;
  unitPriceCents: number;
  discountCents?: number;
  surchargeCents?: number;
}

/**
 * A finalized sale in our model. Default: 3 × 13,59 (−2,00) + 2 × 4,09 (+0,50),
 * sale discount 1,00, redemption 5,00 → bruto 48,95, desconto total 8,00,
 * acréscimo 0,50, líquido 41,45; paid 20,00 cash + 21,45 credit card.
 */
export function makeSale(
  o: { cpf?: string; lines?: LineSpec[]; saleDiscountCents?: number; redemptionCents?: number; payments?: { formCode: number; amountCents: number }[]; documentNumber?: number | null } = {},
): Sale {
  const specs = o.lines ?? [
    { code: 1, ean: '7890000123457', description: 'Shampoo Cachos 300ml', quantity: 3, unitPriceCents: 1359, discountCents: 200 },
    { code: 3, ean: '7890153209879', description: 'Molho de Tomate 300g', quantity: 2, unitPriceCents: 409, surchargeCents: 50 },
  ];
  const lines = specs.map((l, i) => {
    const discountCents = l.discountCents ?? 0;
    const surchargeCents = l.surchargeCents ?? 0;
    const quantity = l.fractional ? l.quantity : l.quantity * 1000;
    const grossCents = lineTotalCents(quantity, l.unitPriceCents);
    return {
      id: i + 1,
      order: i + 1,
      productCode: l.code,
      ean: l.ean,
      description: l.description,
      unit: l.fractional ? 'KG' : 'UN',
      quantity,
      fractional: l.fractional ?? false,
      unitPriceCents: l.unitPriceCents,
      grossCents,
      discountCents,
      surchargeCents,
      netCents: grossCents - discountCents + surchargeCents,
    };
  });
  const saleDiscountCents = o.saleDiscountCents ?? 100;
  const redemptionCents = o.redemptionCents ?? 500;
  const pre = saleTotals({ lines, saleDiscountCents, redemptionCents, payments: [] });
  const payDefs = o.payments ?? [
    { formCode: 1, amountCents: 2000 },
    { formCode: 3, amountCents: pre.netCents - 2000 },
  ];
  const payments = payDefs.map((p, i) => ({ id: i + 1, formCode: p.formCode, formName: '', amountCents: p.amountCents, receivedCents: p.amountCents, changeCents: 0, reference: null }));
  const totals = saleTotals({ lines, saleDiscountCents, redemptionCents, payments });
  return {
    id: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    status: 'finalizada',
    documentNumber: o.documentNumber === undefined ? 123 : o.documentNumber,
    series: '1',
    openedAt: '2026-11-23T12:00:00.000Z',
    finalizedAt: '2026-11-23T12:05:00.000Z',
    cancelledAt: null,
    operator: { id: 1, name: 'Caixa 01' },
    customerCpf: o.cpf ?? ANA,
    lines,
    payments,
    totals,
  };
}

/** One valid call per route (for tables of tests). */
export function callRoute(loyalty: Loyalty, route: HubRoute, cpf = CARLA): Promise<unknown> {
  const c = loyalty.client;
  const sale = makeSale({ cpf, redemptionCents: 0 });
  switch (route) {
    case 'CadastrarCliente':
      return c.cadastrarCliente({ cpf, name: 'Carla Dias' });
    case 'ConsultarSaldo':
      return c.consultarSaldo(sale, { cpf });
    case 'EnviarPin':
      return c.enviarPin({ cpf, pinType: 1, mobile: '11912345678' });
    case 'ValidarPin':
      return c.validarPin({ cpf, pin: '123456' });
    case 'ConsultarCampanha':
      return c.consultarCampanha(sale, { cpf });
    case 'ResgatarSaldo':
      return c.resgatarSaldo(sale, { cpf }, { opKey: newOpKey() });
    case 'GerarBonus':
      return c.gerarBonus(sale, { cpf, campaignId: 101 }, { opKey: newOpKey() });
    case 'EstornarVenda':
      return c.estornarVenda({ cpf, documentNumber: 123, series: '1' }, { opKey: newOpKey() });
  }
}
