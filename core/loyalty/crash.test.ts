import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../app/config';
import { projectRoot } from '../app/paths';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';
import { checkSaleMessages, requestsOfGuids } from '../../test-support/hub-contract-check';
import { CARLA } from '../../test-support/hub-kit';

let hub: HubSandbox | undefined;
afterAll(() => hub?.close());

/** Runs the child until it printed `lines` lines, then SIGKILLs it. Returns the sale numbers it reported finalized. */
function runAndKill(dataDir: string, hubUrl: string, seed: number, lines: number, first: boolean): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test-support/children/loyalty-crash-child.ts'), dataDir, hubUrl, String(seed)], {
      cwd: projectRoot,
      env: { ...process.env, IMPORT: first ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let seen = 0;
    const finalized: number[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        const m = /^finalized (\d+)$/.exec(line);
        if (m) finalized.push(Number(m[1]));
        if (line !== 'ready' && ++seen >= lines) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(finalized) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('loyalty: SIGKILL during finalize + delivery', () => {
  it('≥ 30 rounds: every finalized sale present, every hub effect applied exactly once at the sandbox', async () => {
    hub = await startHubSandbox({ port: 0 });
    const dir = tempDir();
    let prng = 20261130;
    const rand = () => ((prng = (prng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const reported: number[] = [];
    const ROUNDS = 30;
    for (let round = 0; round < ROUNDS; round++) {
      // "Applied but the answer was lost" (and plain drops) on the routes that move balances.
      hub.control.clearFaults();
      const r = rand();
      if (r < 0.25) hub.control.setFault({ route: 'ResgatarSaldo', kind: 'drop', afterEffect: true, times: 1 });
      else if (r < 0.5) hub.control.setFault({ route: 'GerarBonus', kind: 'drop', afterEffect: true, times: 1 });
      else if (r < 0.6) hub.control.setFault({ route: 'GerarBonus', kind: 'http500', times: 1 });
      reported.push(...(await runAndKill(dir, hub.url, round + 1, 2 + Math.floor(rand() * 14), round === 0)));
    }
    hub.control.clearFaults();

    // Restart once more and let the outbox drain.
    const core = await createTestCore({
      dataDir: dir,
      config: { ...loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' }), hubUrl: hub.url },
      catalogCsv: '',
      log: () => {},
    });
    try {
      const all = core.db.prepare(`SELECT op_id FROM outbox`).all() as { op_id: string }[];
      const ids = all.map((r) => r.op_id);
      let rows = await core.services.outbox.worker.waitFor(ids, 60_000);
      while (rows.some((r) => r.status === 'retrying' || r.status === 'pending' || r.status === 'sending')) {
        core.services.outbox.worker.notifyOnline('hub');
        rows = await core.services.outbox.worker.waitFor(ids, 60_000);
      }
      expect(rows.filter((r) => r.status !== 'done').map((r) => [r.kind, r.status, r.lastError])).toEqual([]);

      const sales = core.db.prepare(`SELECT id, document_number, redemption_cents, net_cents FROM sales WHERE status = 'finalizada' ORDER BY document_number`).all() as {
        id: string;
        document_number: number;
        redemption_cents: number;
        net_cents: number;
      }[];
      expect(sales.length).toBeGreaterThan(5);
      // Every sale the child reported finalized is in the database, numbers without gaps.
      for (const n of reported) expect(sales.map((s) => s.document_number)).toContain(n);
      expect(sales.map((s) => s.document_number)).toEqual(sales.map((_, i) => i + 1));

      let expected = 4590;
      for (const s of sales) {
        const ops = core.services.outbox.repo.forSale(s.id);
        expect(ops.map((o) => o.kind)).toEqual(['hub.ResgatarSaldo', 'hub.GerarBonus']);
        expect(checkSaleMessages(requestsOfGuids(hub.control.requests(), ops.map((o) => o.opId)))).toEqual([]);
        expected += -s.redemption_cents + Math.floor((s.net_cents * 500 + 5000) / 10000);
      }
      // Exactly once: the customer's balance at the hub is the sum of every sale's effects, each counted once.
      expect(hub.control.customer(CARLA)!.availableCents).toBe(expected);
      // No sale was scored twice (a second GerarBonus with another GUID would be a 400 "já bonificada").
      const scored = hub.control.requests('GerarBonus').filter((r) => r.status === 200).map((r) => (r.body as { Venda: { DocumentoNF: string } }).Venda.DocumentoNF);
      const guidsPerDoc = new Map<string, Set<string>>();
      for (const r of hub.control.requests('GerarBonus')) {
        const b = r.body as { IdentificadorTransacao: string; Venda: { DocumentoNF: string } };
        guidsPerDoc.set(b.Venda.DocumentoNF, (guidsPerDoc.get(b.Venda.DocumentoNF) ?? new Set()).add(b.IdentificadorTransacao));
      }
      for (const [doc, guids] of guidsPerDoc) expect([doc, guids.size]).toEqual([doc, 1]);
      expect(new Set(scored).size).toBe(sales.length);
    } finally {
      core.close();
    }
  }, 600_000);
});
