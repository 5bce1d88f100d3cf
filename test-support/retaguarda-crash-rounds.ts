/**
 * Retaguarda crash rounds (issue 23, "Reliability"): a real till (a child process with its own SQLite,
 * test-support/children/retaguarda-till-child.ts) sells and uploads through its outbox to a real server
 * (a child `npm run server` process) on a real PostgreSQL (one throwaway cluster for all rounds). Between
 * them a cable (server/src/testing/cable.ts) sees the traffic: when an ingest request passes it (or its
 * answer comes back), the round's fault strikes —
 *   'server'   kill -9 of the server process mid-batch, a new one started (another port, the cable follows)
 *   'till'     kill -9 of the till process mid-upload; the next round starts it again on the same data
 *   'postgres' an immediate PostgreSQL restart (a crash, as far as the server can tell)
 * At the end a fresh till core delivers what is left, and both sides are counted: every sale the till
 * reported committed is in its database, queued once, delivered; the server has each of them once (by id
 * and by the till's sale number), with its lines, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../core/app/config';
import { projectRoot } from '../core/app/paths';
import { RETAGUARDA_KIND } from '../core/retaguarda/uploader';
import * as admin from '../server/src/admin/service';
import { openDb } from '../server/src/db/db';
import { migrate } from '../server/src/db/migrate';
import { startCable } from '../server/src/testing/cable';
import { startTestCluster } from '../server/src/testing/postgres';
import { spawnServer, type ServerProcess } from '../server/src/testing/process';
import { prng as seededRandom } from '../tools/generate-sample-catalog';
import { createTestCore, tempDir } from './fixtures';

export type Fault = 'server' | 'till' | 'postgres';

export interface RetaguardaCrashReport {
  /** Rounds that struck, per fault. */
  faults: Record<Fault, number>;
  /** Sales the till reported committed (over all its lives). */
  salesReported: number;
  /** Finalized sales in the till's database at the end. */
  tillSales: number;
  /** Reported sales missing from the till's database. */
  lostOnTill: number;
  /** Till sales queued for the server other than exactly once. */
  queuedWrong: number;
  /** Retaguarda outbox rows not delivered after the resume. */
  undelivered: number;
  /** Sales rows on the server for this till; distinct sale numbers among them; their lines. */
  serverSales: number;
  serverNumbers: number;
  serverLines: number;
  /** Till sales absent from the server; server sales the till does not have. */
  missingOnServer: number;
  unknownOnServer: number;
}

interface Till {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<void>;
  send(line: string): void;
}

function startTill(args: string[], onSold: (id: string) => void): Promise<Till> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test-support/children/retaguarda-till-child.ts'), ...args], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  let buf = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdin!.on('error', () => {}); // killed while we write
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready') resolve({ child, exited, stderr: () => err, send: (l) => child.stdin!.write(`${l}\n`) });
        else if (line.startsWith('sold ')) onSold(line.slice(5));
      }
    });
    child.once('exit', (code, signal) => signal !== 'SIGKILL' && reject(new Error(`caixa saiu com ${code}: ${err.slice(-2000)}`)));
  });
}

/** Rejects when the server or the till ends on its own (a crash is a failure, not a round). */
function unexpectedExit(server: ServerProcess, till: Till): Promise<never> {
  return new Promise((_, reject) => {
    const fail = (who: string, detail: () => string) => (code: number | null, signal: string | null) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM') reject(new Error(`${who} saiu sozinho (${code ?? signal}): ${detail().slice(-2000)}`));
    };
    server.child.once('exit', fail('o servidor', server.stderr));
    till.child.once('exit', fail('o caixa', till.stderr));
  });
}

export async function runRetaguardaCrashRounds(o: {
  rounds: Record<Fault, number>;
  salesPerRound?: number;
  seed?: number;
  onRound?: (i: number, fault: Fault) => void;
}): Promise<RetaguardaCrashReport> {
  const rand = seededRandom(o.seed ?? 20261207);
  const cluster = await startTestCluster();
  const dataDir = tempDir('balcao-retaguarda-crash-');
  const reported = new Set<string>();
  const faults: Record<Fault, number> = { server: 0, till: 0, postgres: 0 };
  let server: ServerProcess | null = null;
  let till: Till | null = null;
  const cable = await startCable('http://127.0.0.1:1');
  try {
    const databaseUrl = await cluster.createDatabase('crash');
    const db = await openDb({ dataDir: '', databaseUrl, poolSize: 1 });
    await migrate(db);
    const { storeId } = await admin.createStore(db, { name: 'Loja Centro', cnpj: '54517628001593' });
    const creds = await admin.createTill(db, { storeId, name: 'Caixa 1' });
    await db.close();
    const env = { DATABASE_URL: databaseUrl };
    server = await spawnServer(env);
    server.child.setMaxListeners(0); // one exit watcher a round
    cable.plug(server.url);
    const tillArgs = (first: boolean) => [dataDir, cable.url, creds.tillId, creds.secret, first ? '1' : '0'];
    till = await startTill(tillArgs(true), (id) => reported.add(id));

    // Interleaved kinds (server, till, postgres, server, …) until each has its count.
    const plan: Fault[] = [];
    for (let i = 0; plan.length < o.rounds.server + o.rounds.till + o.rounds.postgres; i++) {
      const f = (['server', 'till', 'postgres'] as const)[i % 3];
      if (plan.filter((x) => x === f).length < o.rounds[f]) plan.push(f);
    }
    for (const [i, fault] of plan.entries()) {
      till ??= await startTill(tillArgs(false), (id) => reported.add(id));
      const current = till;
      // Strike on an ingest request passing to the server, or on its answer coming back (then it committed).
      const onAnswer = rand() < 0.5;
      const struck = new Promise<void>((resolve) => {
        let ingest = false;
        cable.tap((dir, chunk) => {
          if (dir === 'up') ingest = chunk.subarray(0, 24).toString('latin1').startsWith('POST /v1/till/ingest');
          if (ingest && (dir === 'down') === onAnswer) {
            cable.tap(null);
            resolve();
          }
        });
      });
      current.send(`sell ${o.salesPerRound ?? 2}`);
      current.send('resend');
      await Promise.race([struck, unexpectedExit(server, current)]);
      if (fault === 'till') {
        current.child.kill('SIGKILL');
        await current.exited;
        till = null;
      } else if (fault === 'server') {
        server.child.kill('SIGKILL');
        await server.stop();
        cable.unplug();
        server = await spawnServer(env);
        server.child.setMaxListeners(0);
        cable.plug(server.url);
      } else {
        cluster.restart();
      }
      faults[fault]++;
      o.onRound?.(i, fault);
    }
    cable.tap(null);
    if (till) {
      till.child.kill('SIGKILL');
      await till.exited;
      till = null;
    }

    // Resume: a fresh start of the till delivers everything left ("Reenviar todas" skips the backoff).
    const core = await createTestCore({
      dataDir,
      catalogCsv: '',
      config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_RETAGUARDA_URL: cable.url, BALCAO_RETAGUARDA_CAIXA: creds.tillId, BALCAO_RETAGUARDA_SEGREDO: creds.secret }),
      retaguardaIntervalMs: 3_600_000,
    });
    let local: { id: string; lines: number }[];
    let queuedWrong: number;
    let undelivered: number;
    try {
      const { worker } = core.services.outbox;
      core.services.retaguarda.scan();
      const opIds = () => (core.db.prepare('SELECT op_id FROM outbox WHERE kind = ?').all(RETAGUARDA_KIND) as { op_id: string }[]).map((r) => r.op_id);
      worker.resend();
      await worker.waitFor(opIds(), 120_000);
      undelivered = (core.db.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = ? AND status != 'done'`).get(RETAGUARDA_KIND) as { n: number }).n;
      local = core.db
        .prepare(`SELECT s.id, (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lines FROM sales s WHERE s.status = 'finalizada'`)
        .all() as { id: string; lines: number }[];
      queuedWrong = (
        core.db
          .prepare(`SELECT count(*) AS n FROM sales s WHERE s.status = 'finalizada' AND (SELECT count(*) FROM retaguarda_queued q WHERE q.kind = 'sale' AND q.local_ref = s.id) != 1`)
          .get() as { n: number }
      ).n;
    } finally {
      core.close();
    }
    const check = await openDb({ dataDir: '', databaseUrl, poolSize: 1 });
    try {
      const rows = await check.query<{ id: string; number: number; lines: number }>(
        'SELECT s.id, s.number, (SELECT count(*)::int FROM sale_lines l WHERE l.sale_id = s.id) AS lines FROM sales s WHERE s.till_id = $1',
        [creds.tillId],
      );
      const onServer = new Set(rows.map((r) => r.id));
      const onTill = new Set(local.map((s) => s.id));
      return {
        faults,
        salesReported: reported.size,
        tillSales: local.length,
        lostOnTill: [...reported].filter((id) => !onTill.has(id)).length,
        queuedWrong,
        undelivered,
        serverSales: rows.length,
        serverNumbers: new Set(rows.map((r) => r.number)).size,
        serverLines: rows.reduce((n, r) => n + r.lines, 0),
        missingOnServer: local.filter((s) => !onServer.has(s.id)).length,
        unknownOnServer: rows.filter((r) => !onTill.has(r.id)).length,
      };
    } finally {
      await check.close();
    }
  } finally {
    cable.tap(null);
    if (till) till.child.kill('SIGKILL');
    await server?.stop();
    await cable.close();
    cluster.stop();
  }
}
