import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import { startVirtualPrinter, type VirtualPrinter } from '../../test-support/peers';
import type { Core } from '../app/compose';
import { salesHandlers } from '../sales/handlers';
import { createTestCore } from '../../test-support/fixtures';
import { decodeEscPos, previewItems } from './decoder';
import { checkout } from '../app/pipelines';
import { PrintingService } from './service';
import { sellCash, sellPix } from '../../test-support/sell';
import { PrintError, sendToPrinter } from './transport';

let printer: VirtualPrinter;
let core: Core;
let service: PrintingService;
let events: EventPayload<'printing.job'>[];

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('tempo esgotado esperando a condição');
    await wait(20);
  }
}

function makeService(retry = { baseMs: 60_000, maxMs: 60_000, maxAttempts: 5 }) {
  return new PrintingService({
    db: core.db,
    sales: core.services.sales,
    now: () => new Date(),
    emit: (event, payload) => {
      if (event === 'printing.job') events.push(payload as EventPayload<'printing.job'>);
    },
    defaultInterface: printer.url,
    storeName: 'Loja Teste',
    timeoutMs: 400,
    retry,
  });
}

beforeEach(async () => {
  printer = await startVirtualPrinter({ port: 0 });
  core = await createTestCore({ log: () => undefined });
  events = [];
  service = makeService();
  // The core's own printing service must not print in these tests: automatic print off.
  service.saveSettings({ ...service.settings(), autoPrint: false });
});
afterEach(async () => {
  await service.close();
  core.close();
  await printer.stop();
});

const jobRows = () => core.db.prepare(`SELECT id, status, attempts, last_error, bytes FROM print_jobs ORDER BY id`).all() as {
  id: number;
  status: string;
  attempts: number;
  last_error: string | null;
  bytes: Buffer;
}[];

describe('transport over TCP (virtual printer)', () => {
  it('the bytes received are exactly the buffer; status is asked on separate connections', async () => {
    const sale = sellCash(core);
    const bytes = service.saleReceiptBytes(sale, true);
    await sendToPrinter(printer.url, bytes, { tcpPorts: null, timeoutMs: 1000 });
    expect(printer.jobs()).toHaveLength(1);
    expect(printer.jobs()[0].bytes.equals(bytes)).toBe(true);
    await until(() => printer.statusQueries() === 2);
  });

  it('refused connection → PrintError with a pt-BR message for the cashier: no IP:port', async () => {
    await printer.stop();
    const err = await sendToPrinter(printer.url, Buffer.from('x'), { tcpPorts: null, timeoutMs: 500 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'refused', message: 'A impressora recusou a conexão: está desligada ou o endereço em Configurações > Impressora está errado.' });
    expect(err.message).not.toMatch(/\d+\.\d+\.\d+\.\d+|:\d{2,5}\b/);
  });

  it('a printer that never answers → timeout', async () => {
    printer.setBehavior('hang');
    const err = await sendToPrinter(printer.url, Buffer.from('x'), { tcpPorts: null, timeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('não respondeu a tempo');
  });

  it('a connection reset mid-job → dropped', async () => {
    printer.setBehavior('drop');
    const err = await sendToPrinter(printer.url, Buffer.alloc(64 * 1024, 0x41), { tcpPorts: null, timeoutMs: 1000, statusCheck: false }).catch((e) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect(err.code).toBe('dropped');
    expect(err.message).toContain('caiu durante a impressão');
    expect(printer.jobs()).toHaveLength(0);
  });

  it('paper out reported by DLE EOT → not sent, clear message', async () => {
    printer.setBehavior('paperOut');
    await expect(sendToPrinter(printer.url, Buffer.from('x\n'), { tcpPorts: null, timeoutMs: 500 })).rejects.toMatchObject({ code: 'paperOut' });
    expect(printer.jobs()).toHaveLength(0);
  });

  it('a device path (Linux /dev/usb/lp0 style) gets exactly the bytes; a missing device is a clear message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-lp-'));
    const dev = path.join(dir, 'dev', 'usb', 'lp0');
    fs.mkdirSync(path.dirname(dev), { recursive: true });
    fs.writeFileSync(dev, '');
    const bytes = service.saleReceiptBytes(sellPix(core), true);
    await sendToPrinter('/dev/usb/lp0', bytes, { timeoutMs: 1000, deviceRoot: dir });
    expect(fs.readFileSync(dev).equals(bytes)).toBe(true);
    await expect(sendToPrinter('/dev/usb/lp1', bytes, { deviceRoot: dir })).rejects.toMatchObject({
      code: 'device',
      message: expect.stringContaining('Impressora não encontrada'),
    });
  });

  it('bad interface strings are refused with a pt-BR message', async () => {
    await expect(sendToPrinter('impressora do balcão', Buffer.from('x'))).rejects.toMatchObject({ code: 'config' });
    await expect(sendToPrinter('printer:EPSON TM-T20', Buffer.from('x'))).rejects.toMatchObject({ code: 'driver' });
  });
});

describe('print queue', () => {
  it('prints the sale receipt: job done, drawer pulse for cash, preview = decoded bytes the printer got', async () => {
    const sale = sellCash(core);
    const preview = service.preview(sale.id, 'sale');
    const job = await service.printSale(sale.id, 'sale');
    expect(job.status).toBe('done');
    const got = printer.jobs();
    expect(got).toHaveLength(1);
    expect(got[0].bytes.equals(jobRows()[0].bytes)).toBe(true);
    expect(got[0].decoded.drawerPulses).toHaveLength(1);
    expect(previewItems(decodeEscPos(got[0].bytes))).toEqual(preview.lines);
    expect(preview.drawer).toBe(true);
    expect(events.at(-1)).toMatchObject({ id: job.id, status: 'done' });

    // Reprint: "2ª VIA", no drawer pulse.
    const again = await service.printSale(sale.id, 'sale');
    expect(again.status).toBe('done');
    expect(printer.jobs()).toHaveLength(2);
    expect(printer.decoded()[1].text).toContain('2ª VIA');
    expect(printer.decoded()[1].drawerPulses).toHaveLength(0);
  });

  it('a PIX sale never opens the drawer', async () => {
    const sale = sellPix(core);
    await service.printSale(sale.id, 'sale');
    expect(printer.decoded()[0].drawerPulses).toEqual([]);
    expect(printer.decoded()[0].text).toContain('PIX id:');
  });

  for (const [name, setup, text] of [
    ['refused', async () => printer.stop(), 'recusou a conexão'],
    ['timeout', async () => printer.setBehavior('hang'), 'não respondeu a tempo'],
    ['dropped', async () => printer.setBehavior('drop'), 'caiu'],
  ] as const) {
    it(`${name} → the job stays queued with the pt-BR message; "Tentar novamente" prints it exactly once`, async () => {
      const sale = sellCash(core);
      await setup();
      const job = await service.printSale(sale.id, 'sale');
      expect(job.status).toBe('failed');
      expect(job.lastError).toContain(text);
      expect(jobRows()).toMatchObject([{ status: 'failed', attempts: 1 }]);
      const failed = events.find((e) => e.status === 'failed')!;
      expect(failed.message).toContain('A venda está salva');
      expect(failed.message).toContain('Tentar novamente');
      expect(service.queue().pending).toBe(1);
      expect(core.services.sales.get(sale.id).status).toBe('finalizada');

      printer.setBehavior('ok');
      await printer.start();
      printer.clear();
      // Two clicks at once: still one print.
      const [a, b] = await Promise.all([service.retry(job.id), service.retry()]);
      expect(a.pending).toBe(0);
      expect(b.pending).toBe(0);
      await service.retry();
      expect(printer.jobs()).toHaveLength(1);
      expect(printer.decoded()[0].drawerPulses).toHaveLength(1);
      expect(jobRows()).toMatchObject([{ status: 'done', attempts: 2, last_error: null }]);
      await expect(service.retry(job.id)).rejects.toMatchObject({ code: 'printing.alreadyPrinted' });
    });
  }

  it('after sales.finalize: prints automatically, never blocks the sale, retries by itself and prints once', async () => {
    await service.close();
    service = makeService({ baseMs: 100, maxMs: 200, maxAttempts: 20 });
    service.saveSettings({ ...service.settings(), autoPrint: true });
    // The one way into "Finalizar" with this service's automatic receipt as its after-commit step.
    const finalize = checkout(core.services.sales, [{ name: 'printing.automaticReceipt', run: (sale) => service.afterFinalize(sale) }]);
    const handlers = salesHandlers(core.services.sales, { finalize });
    const s = core.services.sales;

    // Printer off: the sale finishes at once, the receipt waits in the queue.
    await printer.stop();
    s.scan('7891234567895');
    s.addPayment(1, 50_00);
    const started = Date.now();
    const { sale } = (await handlers['sales.finalize']!({}, { auth: null })) as { sale: { id: string; status: string } };
    expect(Date.now() - started).toBeLessThan(300);
    expect(core.services.sales.get(sale.id).status).toBe('finalizada');
    await until(() => events.some((e) => e.status === 'failed'));
    expect(events.find((e) => e.status === 'failed')!.message).toMatch(/Não foi possível imprimir .*recusou a conexão/);

    // Printer back: the automatic retry prints it, once.
    await printer.start();
    await until(() => printer.jobs().length === 1);
    await wait(500);
    expect(printer.jobs()).toHaveLength(1);
    expect(printer.decoded()[0].drawerPulses).toHaveLength(1);
    expect(jobRows().map((r) => r.status)).toEqual(['done']);
  });

  it('a job that may have reached the paper (timeout after sending) is not resent automatically', async () => {
    service.saveSettings({ ...service.settings(), statusCheck: false });
    printer.setBehavior('hang');
    const job = await service.printSale(sellCash(core).id, 'sale');
    expect(job).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(events.at(-1)!.message).toContain('confira o papel');
  });

  it('paper out reported right after the job → failed, not resent by itself (it may be half printed)', async () => {
    printer.setBehavior('paperOutAfterJob');
    const job = await service.printSale(sellCash(core).id, 'sale');
    expect(printer.jobs()).toHaveLength(1);
    expect(job).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(job.lastError).toContain('sem papel');
    expect(events.at(-1)!.message).toContain('confira o papel');
  });

  it('a job left "printing" by a crash comes back as failed, waiting for the cashier', async () => {
    const sale = sellCash(core);
    const job = service.enqueue('sale', sale.id, 'Venda X', Buffer.from('x\n'));
    core.db.prepare(`UPDATE print_jobs SET status = 'printing' WHERE id = ?`).run(job.id);
    const again = makeService();
    try {
      expect(again.queue().jobs[0]).toMatchObject({ id: job.id, status: 'failed', nextAttemptAt: null });
      expect(again.queue().jobs[0].lastError).toContain('interrompida');
    } finally {
      await again.close();
    }
  });

  it('automatic retry is bounded: after maxAttempts it waits for "Tentar novamente"', async () => {
    await service.close();
    service = makeService({ baseMs: 20, maxMs: 40, maxAttempts: 3 });
    const sale = sellCash(core);
    await printer.stop();
    await service.printSale(sale.id, 'sale');
    await until(() => jobRows()[0].attempts === 3 && jobRows()[0].status === 'failed');
    await wait(300);
    expect(jobRows()[0].attempts).toBe(3);
    expect(service.queue().jobs[0].nextAttemptAt).toBeNull();
  });

  it('the loyalty receipt is printed from the hub results and can be reprinted from the sale', async () => {
    const sale = sellCash(core);
    expect(service.receiptsOf(sale.id)).toEqual({ sale: true, loyalty: false });
    await expect(service.printSale(sale.id, 'loyalty')).rejects.toMatchObject({ code: 'printing.noLoyalty' });
    const job = await service.printLoyalty({
      saleId: sale.id,
      customerCpf: '12345678909',
      customerName: null,
      usedCents: 500,
      bonusCents: 120,
      balanceCents: 1820,
      campaign: { id: 1, description: 'Campanha Ação' },
      message: 'Obrigado!',
      transactionId: null,
      reversal: null,
    });
    expect(job.status).toBe('done');
    expect(service.receiptsOf(sale.id).loyalty).toBe(true);
    await service.printSale(sale.id, 'loyalty');
    expect(printer.jobs()).toHaveLength(2);
    expect(printer.jobs()[1].bytes.equals(printer.jobs()[0].bytes)).toBe(true);
    expect(printer.decoded()[0].text).toContain('Campanha Ação');
  });

  it('the test page prints through the configured interface', async () => {
    const job = await service.printTest();
    expect(job.status).toBe('done');
    expect(printer.decoded()[0].text).toContain('TESTE DE IMPRESSÃO');
  });
});

describe('dispatch', () => {
  it('settings round-trip and a bad address is refused in pt-BR', async () => {
    const r = await core.dispatch('printing.getSettings', {});
    expect(r.ok).toBe(true);
    const bad = await core.dispatch('printing.saveSettings', { ...(r as { value: object }).value, interface: 'qualquer coisa' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'printing.badInterface' } });
    const good = await core.dispatch('printing.saveSettings', { ...(r as { value: object }).value, interface: 'tcp://10.0.0.5', paperMm: 58 });
    expect(good).toMatchObject({ ok: true, value: { interface: 'tcp://10.0.0.5', paperMm: 58 } });
  });
});
