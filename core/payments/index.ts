import path from 'node:path';
import type { Emit } from '../kernel/events';
import type { Db } from '../db/open';
import { FileKeySealer, type SecretSealer } from '../kernel/sealer';
import type { OutboxRepo } from '../outbox/repo';
import type { OutboxWorker } from '../outbox/worker';
import type { SalesService } from '../sales/service';
import { PaymentApiError, PaymentClient } from '../partners/pix/client';
import { registerPaymentDeliveries } from './outbox';
import { AttemptsRepo } from './repo';
import { PixService } from './service';
import { PaymentSettingsService } from './settings';

export { enqueuePixRefunds } from './outbox';
import { enqueuePixRefunds as enqueuePixRefundsInternal } from './outbox';

export interface PaymentsOptions {
  db: Db;
  dataDir: string;
  sales: SalesService;
  outbox: { repo: OutboxRepo; worker: OutboxWorker };
  /** Config.paymentUrl (BALCAO_PAYMENT_URL or the embedded sandbox). */
  paymentUrl: string | null;
  sandboxCredentials?: { accessKey: string; secretKey: string; clientId: string };
  /** The same sealer as the hub key (Electron: safeStorage). */
  sealer?: SecretSealer;
  now: () => Date;
  newId: () => string;
  emit?: Emit;
  log?: (line: string) => void;
  timeoutMs?: number;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Payments {
  settings: PaymentSettingsService;
  client: PaymentClient;
  attempts: AttemptsRepo;
  pix: PixService;
  testConnection(): Promise<{ ok: boolean; message: string; wallets: { wallet: string; name: string }[] }>;
  start(): void;
  stop(): void;
}

export function createPayments(o: PaymentsOptions): Payments {
  const sealer = o.sealer ?? new FileKeySealer(path.join(o.dataDir, 'balcao-secrets.key'));
  const settings = new PaymentSettingsService({ db: o.db, sealer, defaultUrl: o.paymentUrl, defaultCredentials: o.sandboxCredentials });
  const client = new PaymentClient({ connection: () => settings.connection(), now: () => o.now().getTime(), timeoutMs: o.timeoutMs, log: o.log });
  const attempts = new AttemptsRepo(o.db, o.now);
  const pix = new PixService({ db: o.db, sales: o.sales, attempts, client, settings, outbox: o.outbox, now: o.now, newId: o.newId, emit: o.emit, log: o.log, pollIntervalMs: o.pollIntervalMs, sleep: o.sleep });
  registerPaymentDeliveries(o.outbox.worker, { attempts, client, pix });
  return {
    settings,
    client,
    attempts,
    pix,
    async testConnection() {
      try {
        client.reset();
        await client.authenticate();
        const wallets = await client.wallets();
        const names = wallets.map((w) => ({ wallet: w.wallet, name: w.friendly_name ?? w.wallet }));
        if (names.length === 0) return { ok: false, message: 'Autenticado, mas nenhuma carteira está associada a este caixa.', wallets: names };
        return { ok: true, message: `Conexão OK: ${names.length} carteira(s) — ${names.map((w) => w.name).join(', ')}.`, wallets: names };
      } catch (err) {
        const msg = err instanceof PaymentApiError || err instanceof Error ? err.message : String(err);
        return { ok: false, message: msg, wallets: [] };
      }
    },
    start: () => pix.start(),
    stop: () => pix.stop(),
  };
}

/**
 * A step of the cancel pipeline (core/app/pipelines.ts): enqueues a full refund of every approved PIX
 * charge inside the cancellation's transaction and kicks the worker once it committed.
 */
export function pixRefundStep(outbox: { repo: OutboxRepo; worker: OutboxWorker }, db: Db): (sale: { id: string }) => void {
  return (sale) => {
    if (enqueuePixRefundsInternal(outbox.repo, db, sale).length > 0) setImmediate(() => outbox.worker.kick());
  };
}
