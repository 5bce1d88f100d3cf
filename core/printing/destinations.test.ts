import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { normalizePrinterHost, parseInterface, parsePortList } from './transport';

/**
 * Issue 20 (5): receipt bytes go only to the TCP ports a store's printers use (9100–9109, 515, 631 unless a
 * Gerente changes "Portas TCP permitidas"), and the host is normalised first: `tcp://127.0.0.1:22` and
 * `tcp://0x7f000001:9100` were accepted before.
 */
let core: Core | undefined;
afterEach(() => {
  core?.close();
  core = undefined;
});

describe('printer TCP destinations', () => {
  it('only printer ports by default', () => {
    for (const ok of ['tcp://192.168.0.50', 'tcp://192.168.0.50:9100', 'tcp://10.0.0.5:9109', 'tcp://10.0.0.5:515', 'tcp://10.0.0.5:631']) {
      expect(parseInterface(ok).kind, ok).toBe('tcp');
    }
    for (const bad of ['tcp://127.0.0.1:22', 'tcp://127.0.0.1:5432', 'tcp://10.0.0.5:9110', 'tcp://10.0.0.5:80']) {
      expect(() => parseInterface(bad), bad).toThrow(/não está entre as portas de impressora permitidas/);
    }
    expect(parseInterface('tcp://127.0.0.1:22', '22, 9100-9109')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 22 });
  });

  it('no IPv4 in hex, octal, decimal or short form, no userinfo; names and IPv6 normalised', () => {
    for (const bad of ['tcp://0x7f000001:9100', 'tcp://2130706433:9100', 'tcp://0177.0.0.1:9100', 'tcp://127.1:9100', 'tcp://0x7f.0.0.1:9100', 'tcp://127.000.0.1:9100', 'tcp://printer.0x10:9100']) {
      expect(() => parseInterface(bad), bad).toThrow(/formato comum/);
    }
    for (const bad of ['tcp://user@127.0.0.1:9100', 'tcp://a:b@127.0.0.1:9100', 'tcp://127.0.0.1:9100@evil:22']) {
      expect(() => parseInterface(bad), bad).toThrow(/não reconhecido/);
    }
    expect(parseInterface('tcp://Impressora-Caixa1.LOCAL:9100')).toMatchObject({ host: 'impressora-caixa1.local' });
    expect(parseInterface('tcp://[0:0:0:0:0:0:0:1]:9100')).toMatchObject({ host: '::1' });
    expect(normalizePrinterHost('cafe')).toBe('cafe');
    expect(normalizePrinterHost('10.1')).toBeNull();
  });

  it('a port list is parsed strictly', () => {
    expect(parsePortList('9100-9109, 515 631')).toEqual([[9100, 9109], [515, 515], [631, 631]]);
    for (const bad of ['', 'abc', '0', '70000', '9109-9100', '1-2-3']) expect(() => parsePortList(bad), bad).toThrow(/Portas TCP permitidas/);
  });

  it('saved by a Gerente: a port outside the list is refused with a clear message; the list itself is configurable', async () => {
    core = await createTestCore({ log: () => undefined });
    const before = core.services.printing.settings();
    expect(before.tcpPorts).toBe('9100-9109, 515, 631');
    const r = await core.dispatch('printing.saveSettings', { ...before, interface: 'tcp://127.0.0.1:22' });
    expect(r).toMatchObject({ ok: false, error: { code: 'printing.badInterface', message: expect.stringContaining('Portas TCP permitidas') } });
    const list = await core.dispatch('printing.saveSettings', { ...before, tcpPorts: '22;x' });
    expect(list).toMatchObject({ ok: false, error: { code: 'printing.badInterface' } });
    const ok = await core.dispatch('printing.saveSettings', { ...before, interface: 'tcp://127.0.0.1:9101', tcpPorts: '9101' });
    expect(ok).toMatchObject({ ok: true, value: { interface: 'tcp://127.0.0.1:9101', tcpPorts: '9101' } });
  });

  it('held at use time too: an address saved by an older version to another port sends nothing there', async () => {
    const received: Buffer[] = [];
    const srv = net.createServer((s) => s.on('data', (d) => received.push(d)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      core = await createTestCore({ log: () => undefined });
      core.db.prepare(`INSERT INTO settings (key, value) VALUES ('printer.settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
        JSON.stringify({ ...core.services.printing.settings(), interface: `tcp://127.0.0.1:${port}`, statusCheck: false }),
      );
      const job = await core.services.printing.printTest();
      expect(job.status).toBe('failed');
      expect(job.lastError).toContain(`A porta ${port} não está entre as portas de impressora permitidas`);
      expect(received).toEqual([]);
    } finally {
      srv.close();
    }
  });
});
