import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubKeyFile } from '../partners/hub';
import { FileKeySealer } from './sealer';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { createFileLog } from '../app/log';

/** Issue 8 (6): personal data at rest — modes after the first start, and the log's last redaction fence. */

const mode = (p: string) => fs.statSync(p).mode & 0o777;
let oldMask: number;
beforeEach(() => {
  // The usual desktop umask: without care, files come out 0644 (world-readable).
  oldMask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldMask);
});

describe.runIf(process.platform !== 'win32')('file modes on POSIX', () => {
  it('first start: data dir 0700; DB, WAL, SHM, log and key files 0600', async () => {
    const dataDir = path.join(tempDir(), 'novo', 'balcao');
    const core = await createTestCore({ dataDir });
    await core.dispatch('sales.scan', { text: '1' }); // a write: the WAL has content
    new FileKeySealer(hubKeyFile(dataDir)).seal('chave-de-integracao');
    core.services.outbox.worker.stop();
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['balcao.db', 'balcao.db-wal', 'balcao.db-shm', 'balcao-secrets.key']) {
      expect(mode(path.join(dataDir, f)), f).toBe(0o600);
    }
    expect(mode(path.join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(path.join(dataDir, 'logs', 'balcao.log'))).toBe(0o600);
    core.close();
  });

  it('files left world-readable by an older version are closed down on the next start', async () => {
    const dataDir = tempDir();
    (await createTestCore({ dataDir })).close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'balcao.db'), 0o644);
    fs.chmodSync(path.join(dataDir, 'logs', 'balcao.log'), 0o644);
    const core = await createTestCore({ dataDir, catalogCsv: '' });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, 'balcao.db'))).toBe(0o600);
    expect(mode(path.join(dataDir, 'logs', 'balcao.log'))).toBe(0o600);
    core.close();
  });
});

describe('log redaction', () => {
  it('a line with a PIN and an e-mail anywhere in it is written redacted', async () => {
    const dir = tempDir();
    const l = createFileLog(dir, () => new Date('2026-11-23T10:00:00Z'), null);
    l.log('[hub] EnviarPin http=400 business Mensagem: "PIN 482913 enviado para ana.souza@example.com.br; confirme"');
    l.log('[erro] loyalty.x: {"Email":"bruno@exemplo.com","Pin":"7788","Cpf":"529.982.247-25"} senha: 0246');
    l.log('venda 3F2504E0-4F89-41D3-9A0C-0305E82C3301 total 1234');
    await l.close();
    const text = fs.readFileSync(l.file, 'utf8');
    for (const secret of ['482913', 'ana.souza', 'example.com.br', 'bruno@', '7788', '529.982.247-25', '0246']) expect(text).not.toContain(secret);
    expect(text).toContain('PIN [pin] enviado para [e-mail]; confirme');
    // Trace ids and plain numbers stay readable.
    expect(text).toContain('venda 3F2504E0-4F89-41D3-9A0C-0305E82C3301 total 1234');
  });
});
