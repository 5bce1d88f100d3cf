import type { ConnectionTestResult } from '../../../shared/api/loyalty';
import type { Db } from '../../db/types';
import type { HttpExchange } from '../../net/exchange';
import type { HubClient } from './client';
import type { HubOperationsRepo } from './operations';
import type { SecretSealer } from '../../kernel/sealer';
import type { HubSettingsService } from './settings';

/** What createLoyalty (./index.ts) takes and returns; the counter and finalize flows import only these types. */
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
  /** With `draft` (the screen's unsaved fields): tries them without saving anything. */
  testConnection(draft?: unknown): Promise<ConnectionTestResult>;
}
