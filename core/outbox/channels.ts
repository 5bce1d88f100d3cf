import type { OutboxChannel, OutboxChannelState } from './types';

/** Longest wait between two probes of an offline partner: how late, at most, the queue notices it is back. */
const PROBE_CAP_MS = 5_000;

/** Capped exponential backoff with "equal jitter": half fixed, half random, so a fleet of rows does not retry in lockstep. */
export function backoffDelay(attempt: number, backoff: { baseMs: number; capMs: number }, random: () => number, retryAfterMs?: number): number {
  const exp = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  // Retry-After is the partner telling us when: never earlier than that (within the cap).
  return Math.min(backoff.capMs, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Whether each partner channel answers, and while one is offline a circuit breaker: one probe at a time,
 * no earlier than `nextProbeMs` (a long outage costs ~1 call per interval, not one per row).
 */
export class ChannelStates {
  private readonly states = new Map<OutboxChannel, OutboxChannelState>();
  private readonly probes = new Map<OutboxChannel, { inFlight: number; failures: number; nextProbeMs: number }>();
  /** Channels that answered since start (the first answer also wakes rows a previous run left in backoff). */
  private readonly answered = new Set<OutboxChannel>();

  constructor(
    channels: readonly OutboxChannel[],
    private readonly probeBaseMs: number,
  ) {
    for (const c of channels) {
      this.states.set(c, { channel: c, online: true, lastError: null, lastErrorAt: null });
      this.probes.set(c, { inFlight: 0, failures: 0, nextProbeMs: 0 });
    }
  }

  /** A call reached the partner. Returns whether rows waiting out a backoff should be looked for now. */
  markOnline(channel: OutboxChannel): { wasOffline: boolean; lookForWaiting: boolean } {
    const state = this.states.get(channel)!;
    const wasOffline = !state.online;
    state.online = true;
    const probe = this.probes.get(channel)!;
    probe.failures = 0;
    probe.nextProbeMs = 0;
    // Looked for only when something could be waiting (the channel was offline, or this is its first answer
    // since start): not on every one of a drain's successes.
    const lookForWaiting = wasOffline || !this.answered.has(channel);
    this.answered.add(channel);
    return { wasOffline, lookForWaiting };
  }

  /**
   * A call failed to communicate. The probe interval doubles per failed PROBE (1 s → 5 s): the burst of
   * deliveries that were in flight when the partner fell, and the second report of one failure (client hook +
   * worker), arrive before the next probe is due and do not push it further — 16 rows failing together once
   * made the first probe after recovery wait the whole cap.
   */
  markOffline(channel: OutboxChannel, message: string, now: Date): void {
    const state = this.states.get(channel)!;
    const probe = this.probes.get(channel)!;
    const nowMs = now.getTime();
    if (state.online || nowMs >= probe.nextProbeMs) {
      probe.failures = state.online ? 1 : probe.failures + 1;
      probe.nextProbeMs = nowMs + Math.min(PROBE_CAP_MS, this.probeBaseMs * 2 ** Math.min(probe.failures - 1, 20));
    }
    state.online = false;
    state.lastError = message;
    state.lastErrorAt = now.toISOString();
  }

  isOnline(channel: OutboxChannel): boolean {
    return this.states.get(channel)!.online;
  }

  /** Copies, for the summary. */
  snapshot(): OutboxChannelState[] {
    return [...this.states.values()].map((c) => ({ ...c }));
  }

  /** A person asked ("Reenviar agora"): probe an offline partner now. */
  probeNow(): void {
    for (const p of this.probes.values()) p.nextProbeMs = 0;
  }

  /** Whether a row of this channel may go now: always when online; when offline, as the one probe once it is due. */
  mayDeliver(channel: OutboxChannel, nowMs: number): boolean {
    const probe = this.probes.get(channel)!;
    return this.states.get(channel)!.online || (probe.inFlight === 0 && nowMs >= probe.nextProbeMs);
  }

  delivering(channel: OutboxChannel): void {
    this.probes.get(channel)!.inFlight++;
  }

  delivered(channel: OutboxChannel): void {
    this.probes.get(channel)!.inFlight--;
  }

  /** The earliest probe due on an offline channel (Infinity when none is offline). */
  nextProbeMs(): number {
    return Math.min(...[...this.probes.entries()].filter(([c]) => !this.states.get(c)!.online).map(([, p]) => p.nextProbeMs));
  }
}
