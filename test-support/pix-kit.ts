import { expect, vi } from 'vitest';
import { loadConfig } from '../core/app/config';
import type { Core } from '../core/app/compose';
import { callCore, createTestCore, tempDir } from './fixtures';
import { startPaymentSandbox, type PaymentSandbox } from '../sandboxes/payments/server';

/**
 * A virtual clock shared by the payment sandbox (its log timestamps, token and
 * order expiry) and the PIX watcher's waits: `advance(ms)` wakes the waits that
 * are due. No wall-clock sleeping in tests.
 */
export class VirtualClock {
  ms = Date.parse('2026-03-02T12:00:00Z');
  private waiters: { until: number; resolve: () => void }[] = [];
  now = () => this.ms;
  sleep = (d: number) => new Promise<void>((resolve) => this.waiters.push({ until: this.ms + d, resolve }));
  /** How many watcher waits are parked (a watcher waiting for its next poll). */
  get parked(): number {
    return this.waiters.length;
  }
  advance(d: number): void {
    this.ms += d;
    const due = this.waiters.filter((w) => w.until <= this.ms);
    this.waiters = this.waiters.filter((w) => w.until > this.ms);
    for (const w of due) w.resolve();
  }
  releaseAll(): void {
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}

export interface PixKit {
  sandbox: PaymentSandbox;
  clock: VirtualClock;
  core: Core & { dataDir: string };
  close(): Promise<void>;
}

/** A real core (SQLite file) talking to a real payment sandbox over HTTP, both on the virtual clock's waits. */
export async function setupPix(opts: { dataDir?: string; sandbox?: PaymentSandbox; clock?: VirtualClock; timeoutMs?: number; refundSettleMs?: number } = {}): Promise<PixKit> {
  const clock = opts.clock ?? new VirtualClock();
  const sandbox = opts.sandbox ?? (await startPaymentSandbox({ now: clock.now, refundSettleMs: opts.refundSettleMs ?? 0 }));
  const dataDir = opts.dataDir ?? tempDir();
  const core = await createTestCore({
    dataDir,
    ...(opts.dataDir ? { catalogCsv: '' } : {}),
    config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PAYMENT_URL: sandbox.url }),
    log: () => {},
    payments: { sleep: clock.sleep, timeoutMs: opts.timeoutMs },
  });
  if (!opts.dataDir) {
    const r = await core.dispatch('payments.settings.save', { baseUrl: '', accessKey: 'ak-loja', secretKey: 'sk-segredo', clientId: 'caixa-7', wallet: '', forms: [1, 3, 4, 11, 17, 18, 20] });
    if (!r.ok) throw new Error(r.error.message);
  }
  return {
    sandbox,
    clock,
    core,
    async close() {
      clock.releaseAll();
      core.close();
      if (!opts.sandbox) await sandbox.close();
    },
  };
}

/** Test helpers over a PixKit (the PIX suites share them). */
export const pixCall = <T,>(k: PixKit, method: string, input: unknown = {}): Promise<T> => callCore<T>(k.core, method, input);
export const pixAttempt = (k: PixKit, id: number) => k.core.services.payments.attempts.get(id)!;
export const until = (fn: () => boolean | undefined) => vi.waitFor(() => expect(fn()).toBe(true), { timeout: 30_000, interval: 10 });

/** One watcher round: move the virtual clock by the poll interval and wait for the GET it causes. */
export async function pollRound(k: PixKit): Promise<void> {
  const before = k.sandbox.control.requests('order.get').length;
  await until(() => k.clock.parked > 0);
  k.clock.advance(3_000);
  await until(() => k.sandbox.control.requests('order.get').length > before);
}
