import path from 'node:path';
import type { HttpExchange } from '../net/exchange';
import type { ConnectionTestResult } from '../../shared/api/loyalty';
import type { Db } from '../db/open';
import { HubClient } from './client';
import { testConnection } from './connection-test';
import { HubOperationsRepo } from './operations';
import { FileKeySealer, type SecretSealer } from './sealer';
import { HubSettingsService } from './settings';

export { HubClient } from './client';
export * from './errors';
export type { SecretSealer } from './sealer';

export interface LoyaltyOptions {
  db: Db;
  dataDir: string;
  /** Config.hubUrl: BALCAO_HUB_URL or the embedded sandbox. */
  hubUrl: string | null;
  /** Electron injects a safeStorage sealer; default = AES-256-GCM with a 0600 key file in the data dir. */
  sealer?: SecretSealer;
  log: (line: string) => void;
  now: () => Date;
  timeoutMs?: number;
  /** How hub requests leave (compose: the partner-HTTP thread). */
  exchange?: HttpExchange;
  newGuid?: () => string;
  /** Connectivity hooks for the outbox (compose: worker.notifyOnline/notifyOffline('hub')). */
  onReachable?: () => void;
  onUnreachable?: (message: string) => void;
}

export interface Loyalty {
  settings: HubSettingsService;
  /** For the sale flows: one function per route (needs the hub switched on). */
  client: HubClient;
  operations: HubOperationsRepo;
  testConnection(): Promise<ConnectionTestResult>;
}

export function hubKeyFile(dataDir: string): string {
  return path.join(dataDir, 'balcao-secrets.key');
}

export function createLoyalty(opts: LoyaltyOptions): Loyalty {
  const sealer = opts.sealer ?? new FileKeySealer(hubKeyFile(opts.dataDir));
  const settings = new HubSettingsService({ db: opts.db, sealer, now: opts.now, defaultHubUrl: () => opts.hubUrl, timeoutMs: opts.timeoutMs });
  const operations = new HubOperationsRepo(opts.db, opts.now);
  const common = { ops: operations, log: opts.log, exchange: opts.exchange, newGuid: opts.newGuid };
  const client = new HubClient({
    ...common,
    connection: (route) => settings.connection(route),
    onReachable: () => opts.onReachable?.(),
    onUnreachable: (m) => opts.onUnreachable?.(m),
  });
  const probeClient = new HubClient({ ...common, connection: (route) => settings.connection(route, { requireEnabled: false }) });
  return {
    settings,
    client,
    operations,
    testConnection: () =>
      testConnection(
        probeClient,
        () => {
          const s = settings.status();
          return { partnerName: s.partnerName, environmentLabel: s.environment === null ? null : settings.environmentLabel(s.environment) };
        },
        opts.now,
      ),
  };
}

/** EstornarVenda through the outbox, for cancellation's beforeCancelCommit (call inside its transaction). */
export { enqueueReversal } from './finalize';
