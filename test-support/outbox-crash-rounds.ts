/**
 * Outbox crash proof (test with ≥ 50 rounds, bench with 200): a child process
 * sells to a customer while its worker delivers to the hub sandbox (in THIS
 * process, so the hub's memory outlives the kills); it is SIGKILLed after a
 * random number of its events (a sale committed or an operation delivered).
 * Then a fresh core resumes the outbox and we count, against the sandbox's
 * ledger, what the hub applied.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startHubSandbox } from '../sandboxes/hub/server';
import { loadConfig } from '../core/app/config';
import { projectRoot } from '../core/app/paths';
import { createTestCore, tempDir } from './fixtures';
import { prng as seededRandom } from '../tools/generate-sample-catalog';

export interface CrashReport {
  rounds: number;
  /** Sales the child reported committed before it was killed. */
  salesReported: number;
  /** Finalized sales in the database afterwards. */
  sales: number;
  /** Outbox rows (2 per sale expected). */
  operations: number;
  /** Reported sales missing from the database. */
  lostSales: number;
  /** Finalized sales without exactly their 2 operations. */
  salesWithoutOps: number;
  /** Rows not delivered after the resume. */
  undelivered: number;
  /** Operations the hub applied more than once (a GUID re-minted, a bonus twice). */
  duplicates: number;
  /** Rows the hub never applied. */
  missingEffects: number;
}

function runChild(dataDir: string, hubUrl: string, sales: number, first: boolean, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'test-support/children/outbox-crash-child.ts'), dataDir, hubUrl, String(sales), first ? '1' : '0'],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buf = '';
    let err = '';
    const lines: string[] = [];
    child.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (lines.length >= killAfter || line === 'idle') child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`filho saiu com ${code}: ${err.slice(-2000)}`))));
  });
}

export async function runOutboxCrashRounds(o: { rounds: number; salesPerRound?: number; seed?: number; onRound?: (i: number) => void }): Promise<CrashReport> {
  const rand = seededRandom(o.seed ?? 20261130);
  const hub = await startHubSandbox({ port: 0 });
  const dataDir = tempDir('balcao-outbox-crash-');
  const reported = new Set<string>();
  try {
    for (let round = 0; round < o.rounds; round++) {
      // Now and then the hub applies an operation and the answer is lost on the way back.
      if (rand() < 0.3) hub.control.setFault({ route: rand() < 0.5 ? 'GerarBonus' : 'ResgatarSaldo', kind: 'drop', afterEffect: true, times: 1 });
      const killAfter = 1 + Math.floor(rand() * 10);
      const lines = await runChild(dataDir, hub.url, o.salesPerRound ?? 4, round === 0, killAfter);
      for (const l of lines) if (l.startsWith('sold ')) reported.add(l.slice(5));
      o.onRound?.(round);
    }
    hub.control.clearFaults();
    // Resume: a fresh start recovers 'sending' rows and delivers everything left.
    const core = await createTestCore({
      dataDir,
      catalogCsv: '',
      config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: hub.url }),
      log: () => {},
    });
    try {
      const w = core.services.outbox.worker;
      const open = () => {
        const s = w.summary();
        return s.pending + s.sending + s.retrying;
      };
      await w.until(() => open() === 0, 180_000);
      const sales = core.db.prepare(`SELECT id FROM sales WHERE status = 'finalizada'`).all() as { id: string }[];
      const ids = new Set(sales.map((s) => s.id));
      const rows = core.db.prepare(`SELECT op_id, sale_id, kind, status FROM outbox`).all() as { op_id: string; sale_id: string; kind: string; status: string }[];
      const perSale = new Map<string, string[]>();
      for (const r of rows) perSale.set(r.sale_id, [...(perSale.get(r.sale_id) ?? []), r.kind]);
      const effects = hub.control.effects();
      const applied = new Map<string, number>();
      for (const e of effects) applied.set(e.guid, (applied.get(e.guid) ?? 0) + 1);
      // A re-minted GUID would show as an effect whose GUID is no row's (the hub's idempotency cannot catch that).
      const rowGuids = new Set(rows.map((r) => r.op_id.toUpperCase()));
      return {
        rounds: o.rounds,
        salesReported: reported.size,
        sales: sales.length,
        operations: rows.length,
        lostSales: [...reported].filter((id) => !ids.has(id)).length,
        salesWithoutOps: sales.filter((s) => (perSale.get(s.id) ?? []).sort().join() !== 'hub.GerarBonus,hub.ResgatarSaldo').length,
        undelivered: rows.filter((r) => r.status !== 'done').length,
        duplicates: [...applied.values()].filter((n) => n > 1).length + [...applied.keys()].filter((g) => !rowGuids.has(g)).length,
        missingEffects: rows.filter((r) => !applied.has(r.op_id.toUpperCase())).length,
      };
    } finally {
      core.close();
    }
  } finally {
    await hub.close();
  }
}
