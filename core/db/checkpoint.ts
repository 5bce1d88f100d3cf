import type { Db } from './types';

/**
 * WAL checkpoints off the sale path.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past
 * `wal_autocheckpoint` frames (default 1000): it copies them into the database
 * file and fsyncs it, several milliseconds landing on whichever scan or
 * finalize crossed the line (about one sale in 30 at ~30 frames a sale). And
 * the first commit after it restarts the WAL from the top, which writes a new
 * WAL header and fsyncs it — one more fsync, in a cart edit or a second one in
 * a finalize.
 *
 * So: the automatic checkpoint only as a bound (WAL_BOUND_FRAMES, one hash
 * table of the WAL index, ~16 MB), and after each fsync'd commit (a sale, a
 * cancellation, a shift close) a checkpoint once the event loop has been free
 * for IDLE_MS — the cashier between two sales — followed by the WAL restart
 * right away (a write of the unchanged user_version), so that neither lands on
 * the next scan. A timer that never fires (a process busy for good, the bench's
 * loops) leaves the bound doing the work, as before but rarer.
 */
export const WAL_BOUND_FRAMES = 4000;
export const IDLE_MS = 250;

/** Called once per connection by openDatabase. */
export function useIdleCheckpoints(db: Db): void {
  db.pragma(`wal_autocheckpoint = ${WAL_BOUND_FRAMES}`);
}

const timers = new WeakMap<Db, NodeJS.Timeout>();

/** Schedules (or pushes back) the connection's idle checkpoint. */
export function checkpointWhenIdle(db: Db): void {
  const pending = timers.get(db);
  if (pending) {
    pending.refresh();
    return;
  }
  const timer = setTimeout(() => {
    timers.delete(db);
    checkpointNow(db);
  }, IDLE_MS);
  timer.unref(); // never what keeps the process alive
  timers.set(db, timer);
}

/**
 * PASSIVE checkpoint, then the WAL restart when every frame was copied.
 * Returns whether the WAL was restarted. Never throws: a busy or closed
 * database just leaves the WAL to the next time (or to the bound).
 */
export function checkpointNow(db: Db): boolean {
  if (!db.open || db.inTransaction) return false;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (!r || r.busy !== 0 || r.log <= 0 || r.checkpointed !== r.log) return false;
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${version}`);
    return true;
  } catch {
    return false;
  }
}
