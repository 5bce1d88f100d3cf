import path from 'node:path';
import { HubClient } from './client';
import { testConnection } from './connection-test';
import { HubOperationsRepo } from './operations';
import { FileKeySealer } from '../../kernel/sealer';
import { HubSettingsService } from './settings';
import type { Loyalty, LoyaltyOptions } from './types';

export { HubClient } from './client';
export * from './errors';
export type { SecretSealer } from '../../kernel/sealer';
export type { Loyalty, LoyaltyOptions } from './types';

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
    testConnection: (draft?: unknown) => {
      // A draft (what the screen shows, unsaved) is tried as typed and never saved; without one, the saved settings.
      const tried = draft === undefined ? probeClient : new HubClient({ ...common, connection: (route) => settings.draftConnection(draft, route) });
      return testConnection(
        tried,
        () => {
          if (draft !== undefined) return settings.draftDescription(draft);
          const s = settings.status();
          return { partnerName: s.partnerName, environmentLabel: s.environment === null ? null : settings.environmentLabel(s.environment) };
        },
        opts.now,
      );
    },
  };
}
