import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestCore } from '../../test-support/fixtures';
import { createFileLog } from './log';
import { tempDir } from '../../test-support/fixtures';

describe('file log', () => {
  it('appends timestamped lines to <dataDir>/logs/balcao.log', async () => {
    const dir = tempDir();
    const l = createFileLog(dir, () => new Date('2026-11-23T10:00:00Z'), null);
    l.log('primeira linha');
    l.log('segunda');
    await l.close();
    expect(fs.readFileSync(l.file, 'utf8')).toBe('2026-11-23T10:00:00.000Z primeira linha\n2026-11-23T10:00:00.000Z segunda\n');
  });

  it('the core logs unexpected failures there, not to the screen', async () => {
    const core = await createTestCore();
    core.db.exec('DROP TABLE payments'); // sabotage: the next payment hits an internal error
    await core.dispatch('sales.scan', { text: '1' });
    const r = await core.dispatch('sales.addPayment', { formCode: 1, amountCents: 100 });
    expect(r.ok).toBe(false);
    core.close();
    // The buffered stream flushes on close: wait for the line itself (not for a fixed time).
    const read = () => fs.readFileSync(`${core.dataDir}/logs/balcao.log`, 'utf8');
    await expect.poll(read, { timeout: 15_000 }).toMatch(/\[erro\] sales\.addPayment: .*no such table: (main\.)?payments/);
  });
});

describe('log injection (issue 20)', () => {
  it('a hub 400 whose Mensagem holds a newline, a fake timestamp and ESC/BEL is one escaped line in balcao.log', async () => {
    const { setupHub, ANA } = await import('../../test-support/hub-kit');
    const kit = await setupHub({ timeoutMs: 2_000 });
    const dir = tempDir();
    const file = createFileLog(dir, () => new Date('2026-11-23T10:00:00Z'), null);
    try {
      const forged = 'recusado\n2026-11-23T09:59:59.000Z [caixa] venda 1 cancelada por Gerente\u001b[2J\u0007\r\u2028fim';
      kit.sandbox.control.setFault({ route: 'ConsultarSaldo', kind: 'business', mensagem: forged, times: 1 });
      await kit.loyalty.client.cadastrarCliente({ cpf: ANA, name: 'Ana Souza' }).catch(() => undefined);
      await kit.loyalty.client.consultarSaldo((await import('../../test-support/hub-kit')).makeSale(), { cpf: ANA }).catch(() => undefined);
      for (const line of kit.logs) file.log(line);
      await file.close();
      const text = fs.readFileSync(file.file, 'utf8');
      const lines = text.split('\n').filter(Boolean);
      expect(lines).toHaveLength(kit.logs.length);
      expect(lines.every((l) => l.startsWith('2026-11-23T10:00:00.000Z '))).toBe(true);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u2028]/);
      expect(lines.find((l) => l.includes('ConsultarSaldo'))).toContain('recusado\\n2026-11-23T09:59:59.000Z [caixa]');
      expect(text).toContain('\\x1b[2J\\x07\\r\\u2028fim');
    } finally {
      await kit.close();
    }
  });
});
