import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptBuilder } from '../../core/printing/layout';
import { printerRoute } from './page';
import { startVirtualPrinter, type VirtualPrinter } from './server';

let printer: VirtualPrinter | null = null;
afterEach(async () => {
  await printer?.stop();
  printer = null;
});

function talk(port: number, bytes: Buffer, waitReplyBytes = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      if (waitReplyBytes === 0) s.end(bytes);
      else s.write(bytes);
    });
    s.on('data', (c) => {
      got.push(c);
      if (waitReplyBytes && Buffer.concat(got).length >= waitReplyBytes) s.end();
    });
    s.on('close', () => resolve(Buffer.concat(got)));
    s.on('error', reject);
  });
}

describe('virtual printer', () => {
  it('keeps each connection as one job and decodes it', async () => {
    printer = await startVirtualPrinter({ port: 0 });
    const b = new ReceiptBuilder({ type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE' });
    b.center('Promoção', { bold: true }).left('Pão de queijo').cut();
    const bytes = b.buffer();
    await talk(printer.port, bytes);
    await talk(printer.port, Buffer.from('segundo\n'));
    const jobs = printer.jobs();
    expect(jobs).toHaveLength(2);
    expect(jobs[0].bytes.equals(bytes)).toBe(true);
    expect(jobs[0].decoded.lines.slice(0, 2).map((l) => l.text)).toEqual(['Promoção', 'Pão de queijo']);
    expect(jobs[0].decoded.cuts).toBe(1);
    expect(printer.decoded()[1].text).toBe('segundo');
  });

  it('answers DLE EOT like a healthy printer, and a status-only connection is not a job', async () => {
    printer = await startVirtualPrinter({ port: 0 });
    const reply = await talk(printer.port, Buffer.from([0x10, 0x04, 1, 0x10, 0x04, 4]), 2);
    expect([...reply]).toEqual([0x12, 0x12]);
    expect(printer.jobs()).toHaveLength(0);
    expect(printer.statusQueries()).toBe(1);
    printer.setBehavior('paperOut');
    const out = await talk(printer.port, Buffer.from([0x10, 0x04, 4]), 1);
    expect(out[0] & 0x60).toBe(0x60);
  });

  it('stops (connections refused) and starts again on the same port', async () => {
    printer = await startVirtualPrinter({ port: 0 });
    const port = printer.port;
    await printer.stop();
    expect(printer.running).toBe(false);
    await expect(talk(port, Buffer.from('x\n'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await printer.start();
    expect(printer.port).toBe(port);
    await talk(port, Buffer.from('de volta\n'));
    expect(printer.decoded().map((d) => d.text)).toEqual(['de volta']);
  });

  it('serves the decoded receipts as HTML and JSON', async () => {
    printer = await startVirtualPrinter({ port: 0 });
    await talk(printer.port, Buffer.concat([Buffer.from([0x1b, 0x40, 0x1b, 0x74, 3]), Buffer.from([0x50, 0x84, 0x6f, 0x0a])])); // "Pão" in CP860
    const route = printerRoute(printer);
    const server = http.createServer(async (req, res) => {
      if (!(await route(req, res, new URL(req.url!, 'http://127.0.0.1')))) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/sandbox/printer`;
    try {
      const json = (await (await fetch(`${base}/jobs.json`)).json()) as { jobs: { text: string }[] };
      expect(json.jobs.map((j) => j.text)).toEqual(['Pão']);
      const html = await (await fetch(base)).text();
      expect(html).toContain('Pão');
      expect(html).toContain('Impressora virtual');
    } finally {
      server.close();
    }
  });
});
