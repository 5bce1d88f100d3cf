import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/api/printing';
import type { Sale } from '../../shared/api/sales';
import { startVirtualPrinter, type VirtualPrinter } from '../../test-support/peers';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';
import { loadConfig } from '../app/config';

/**
 * Issue 25.7: the automatic receipt is built, queued and sent right after finalize's reply, not on its path —
 * and nobody can tell: whatever reads or adds to the print queue first finds the receipts of every sale
 * finalized before, in finalize order, and closing the till keeps them queued for the next start.
 */
type TestCore = Awaited<ReturnType<typeof createTestCore>>;
let printer: VirtualPrinter;
let dataDir: string;
let core: TestCore;

const open = () =>
  createTestCore({ dataDir, config: loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0', BALCAO_PRINTER: printer.url }) });

async function sell(code: string): Promise<Sale> {
  const sale = await callCore<Sale>(core, 'sales.scan', { text: code });
  await callCore(core, 'sales.addPayment', { formCode: 1, amountCents: sale.totals.netCents });
  return (await callCore<{ sale: Sale }>(core, 'sales.finalize', {})).sale;
}

beforeEach(async () => {
  printer = await startVirtualPrinter({ port: 0 });
  dataDir = tempDir();
  core = await open();
});
afterEach(async () => {
  core.close();
  await printer.stop();
});

describe('the automatic receipt after the finalize reply', () => {
  it('is in the queue for the very next call, before any other job, and prints once', async () => {
    const first = await sell('7891234567895');
    const second = await sell('7896005800010');
    // Asked in the same turn as the finalize reply: both receipts are already there, in finalize order.
    const { jobs } = await callCore<{ jobs: PrintJob[] }>(core, 'printing.queue', {});
    const receipts = jobs.filter((j) => j.kind === 'sale').sort((a, b) => a.id - b.id);
    expect(receipts.map((j) => j.saleId)).toEqual([first.id, second.id]);
    // A job asked for afterwards comes after them.
    const test = await callCore<PrintJob>(core, 'printing.test', {});
    expect(test.id).toBeGreaterThan(receipts[1].id);
    await core.services.printing.drain();
    expect(printer.decoded().map((d) => d.text.includes('Teste') || d.text.includes('TESTE'))).toEqual([false, false, true]);
    expect(printer.decoded()[0].drawerPulses).toHaveLength(1); // the first print of a cash sale opens the drawer
  });

  it('Imprimir comprovante right after Finalizar is a second copy, not another first print', async () => {
    const sale = await sell('96385074');
    const job = await callCore<PrintJob>(core, 'printing.printSale', { saleId: sale.id, kind: 'sale' });
    expect(job.title).toContain('2ª via');
    await core.services.printing.drain();
    expect(printer.decoded().map((d) => d.drawerPulses.length)).toEqual([1, 0]);
  });

  it('closing the till right after Finalizar keeps the receipt queued; it prints at the next start', async () => {
    const sale = await sell('7891000100103');
    await printer.stop();
    core.close();
    await printer.start();
    core = await open();
    await core.services.printing.drain();
    const received = printer.decoded();
    expect(received).toHaveLength(1);
    expect(received[0].text).toContain(String(sale.documentNumber));
  });
});
