/**
 * Who hears that the queue changed: callers waiting for a condition (`until`, checked on every change) and
 * the badge's live update (`onChange`), coalesced to at most one call per `throttleMs`.
 */
export class OutboxChanges {
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  /** After stop() (the core closing, its database with it) no summary is read nor emitted again. */
  private stopped = false;

  constructor(
    private readonly onChange: (() => void) | undefined,
    private readonly throttleMs: number,
  ) {}

  /** Resolves true when `test()` holds (checked on every change), false at the timeout. */
  until(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const check = () => {
        if (test()) finish(true);
      };
      this.waiters.add(check);
    });
  }

  changed(): void {
    for (const w of [...this.waiters]) w();
    if (!this.onChange || this.timer || this.stopped) return;
    const emit = () => {
      this.timer = null;
      if (!this.stopped) this.onChange?.();
    };
    if (this.throttleMs <= 0) return emit();
    this.timer = setTimeout(emit, this.throttleMs);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The worker started again: live updates again. */
  resume(): void {
    this.stopped = false;
  }
}
