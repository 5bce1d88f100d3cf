import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/paths';
import { openDatabase } from '../db/open';
import { tempDir } from '../../test-support/fixtures';
import { OutboxRepo } from './repo';

describe('Ctrl+C on the browser host', () => {
  it('with an undelivered operation, says how many and that they go at the next start', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'balcao.db'));
    new OutboxRepo(db, () => new Date()).enqueue({ kind: 'payment.refund', channel: 'payment', orderingKey: 'x', payload: {} });
    db.close();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'tools/start.ts'), '--browser'], {
        cwd: projectRoot,
        env: { ...process.env, BALCAO_DATA_DIR: dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: 'http://127.0.0.1:9', BALCAO_PAYMENT_URL: 'http://127.0.0.1:9' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
        if (text.includes('Balcão no navegador:') && !child.killed) child.kill('SIGINT');
      });
      child.stderr.on('data', (d) => (text += d));
      child.on('exit', () => resolve(text));
      child.on('error', reject);
    });
    expect(out).toContain('Atenção: Há 1 operação pendente de sincronização com o Hub/parceiros. Ela fica guardada e será enviada no próximo início do Balcão.');
  }, 120_000);
});
