import { describe, expect, it } from 'vitest';
import { BackgroundQueue } from './background';

describe('BackgroundQueue', () => {
  it('runs one job per turn of the event loop, in order: other work queued meanwhile goes between them', async () => {
    const q = new BackgroundQueue();
    const seen: string[] = [];
    q.run(() => seen.push('job 1'));
    q.run(() => seen.push('job 2'));
    q.run(() => seen.push('job 3'));
    // A cashier's input arriving while the drain has jobs waiting: it waits for at most one of them.
    await new Promise<void>((r) => setImmediate(r));
    seen.push('scan');
    await new Promise<void>((r) => setImmediate(r));
    seen.push('scan');
    await new Promise<void>((r) => setImmediate(r));
    await new Promise<void>((r) => setImmediate(r));
    expect(seen).toEqual(['job 1', 'scan', 'job 2', 'scan', 'job 3']);
    expect(q.size).toBe(0);
  });

  it('a failing job is reported and does not stop the ones after it', async () => {
    const errors: unknown[] = [];
    const q = new BackgroundQueue((e) => errors.push(e));
    const done = new Promise<void>((resolve) => {
      q.run(() => {
        throw new Error('boom');
      });
      q.run(resolve);
    });
    await done;
    expect(errors).toHaveLength(1);
  });
});
