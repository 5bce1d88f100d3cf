import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { loadConfig } from '../app/config';
import { startHost, type Host } from './server';

/**
 * Issue 7, point 6: under load the page saw "Sem conexão com o Balcão". The host
 * closed idle kept-alive connections after Node's default 5 s, which races the
 * browser's next request on that socket when the machine is busy. The host
 * must keep an idle browser connection and never time out a waiting request.
 */
describe('a slow host is not a lost host', () => {
  let dir: string;
  let core: Core;
  let host: Host;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-slow-'));
    core = await createTestCore({ catalogCsv: '', config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0' }), shell: 'test', log: () => {} });
    host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: dir, port: 0 });
  });
  afterAll(async () => {
    await host.close();
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = () =>
    new Promise<{ reused: boolean; body: { ok: boolean } }>((resolve, reject) => {
      const req = http.request(
        new URL('api/sales.current', host.url),
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-balcao-token': host.token } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ reused: req.reusedSocket, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });

  it('keeps an idle browser connection open past Node\'s 5 s default (no close racing the next request)', async () => {
    expect((await post()).body.ok).toBe(true);
    // Idle longer than Node's default keepAliveTimeout (5 s + its 1 s buffer): the host used to close the socket here.
    await new Promise((r) => setTimeout(r, 7_000));
    const second = await post();
    expect(second.body.ok).toBe(true);
    expect(second.reused).toBe(true);
    agent.destroy();
  }, 30_000);
});
