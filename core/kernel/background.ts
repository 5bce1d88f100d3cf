/**
 * Background work of the till's event loop (the outbox's drain: taking up
 * answers, writing them, starting the next deliveries) runs ONE job per turn
 * of the loop, from setImmediate. Whatever the cashier does in the meantime (a
 * scan over the WebSocket or IPC, a timer) waits for at most one short job,
 * never for a chain of them; jobs keep their order.
 */
export class BackgroundQueue {
  private readonly jobs: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  run(job: () => void): void {
    this.jobs.push(job);
    this.schedule();
  }

  /** Jobs waiting (for tests and diagnostics). */
  get size(): number {
    return this.jobs.length;
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const job = this.jobs.shift();
      try {
        job?.();
      } catch (err) {
        this.onError(err);
      } finally {
        this.schedule();
      }
    });
  }
}
