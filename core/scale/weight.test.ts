import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/sales';
import { withCheckDigit } from '../../shared/ean';
import { startVirtualScale, type VirtualScale } from '../../test-support/peers';
import { loadConfig } from '../app/config';
import { callCore, createTestCore, tempDir } from '../../test-support/fixtures';

/** Selling by weight through the dispatcher, with the virtual scale over real TCP (issue 22). */

let core: Awaited<ReturnType<typeof createTestCore>> | undefined;
let scale: VirtualScale | undefined;
afterEach(async () => {
  core?.close();
  core = undefined;
  await scale?.stop();
  scale = undefined;
});

const QUEIJO_EAN = '7895550000012'; // code 7, KG, R$ 39,90/kg
const label = (body12: string) => withCheckDigit(body12);

async function start(opts: { scale?: boolean } = {}) {
  const dir = tempDir();
  const env: Record<string, string> = { BALCAO_DATA_DIR: dir, BALCAO_SAMPLE_CATALOG: '0' };
  if (opts.scale !== false) {
    scale = await startVirtualScale({ port: 0 });
    env.BALCAO_SCALE = scale.url;
  }
  core = await createTestCore({ dataDir: dir, config: loadConfig(env) });
  return core;
}

const call = <T = Sale>(method: string, input: unknown = {}) => callCore<T>(core!, method, input);
async function fail(method: string, input: unknown = {}) {
  const r = await core!.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}
const lineRows = () => core!.db.prepare('SELECT product_code, quantity, fractional, fixed_gross_cents FROM sale_lines ORDER BY id').all();

describe('fractional quantities', () => {
  it('0,350*EAN sells 0,350 kg at R$ 39,90/kg = R$ 13,97; a fraction of a UN product is refused', async () => {
    await start({ scale: false });
    const sale = await call('sales.scan', { text: `0,350*${QUEIJO_EAN}` });
    expect(sale.lines[0]).toMatchObject({ quantity: 350, fractional: true, unit: 'KG', unitPriceCents: 3990, grossCents: 1397, netCents: 1397 });
    expect(sale.totals).toMatchObject({ grossCents: 1397, itemCount: 1 });
    const un = await fail('sales.scan', { text: '1,5*7891234567895' });
    expect(un).toMatchObject({ code: 'quantity.notFractional', message: expect.stringContaining('vendido por unidade (UN)') });
    // F3: a new weight for the line, and a fraction refused on a UN line.
    const arroz = (await call('sales.scan', { text: '7891234567895' })).lines[1];
    const f3 = await call('sales.setQuantity', { lineId: sale.lines[0].id, quantity: 1500 });
    expect(f3.lines[0]).toMatchObject({ quantity: 1500, grossCents: 5985 });
    expect((await fail('sales.setQuantity', { lineId: arroz.id, quantity: 1500 })).code).toBe('quantity.notFractional');
    expect(lineRows()).toEqual([
      { product_code: 7, quantity: 1500, fractional: 1, fixed_gross_cents: null },
      { product_code: 1, quantity: 1000, fractional: 0, fixed_gross_cents: null },
    ]);
  });
});

describe('scale labels', () => {
  it('the default layout (2 CCCCC VVVVVV D, price) makes a line with the weight from the price', async () => {
    await start({ scale: false });
    const sale = await call('sales.scan', { text: label('200007001397') });
    expect(sale.lines[0]).toMatchObject({ productCode: 7, ean: label('200007001397'), quantity: 350, grossCents: 1397, fractional: true });
    expect(scale).toBeUndefined(); // a label never reads the scale
  });

  it('bad check digit, unknown PLU and a quantity before a label are clear messages; nothing is added', async () => {
    await start({ scale: false });
    const good = label('200007001397');
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    expect(await fail('sales.scan', { text: bad })).toMatchObject({ code: 'scan.label', message: 'Etiqueta de balança inválida (dígito verificador).' });
    expect(await fail('sales.scan', { text: label('299999001397') })).toMatchObject({ message: 'Etiqueta de balança: produto 99999 não cadastrado.' });
    expect((await fail('sales.scan', { text: `2*${good}` })).code).toBe('scan.labelQuantity');
    expect(lineRows()).toEqual([]);
  });

  it('a weight layout saved in "Balança" decodes grams; an invalid layout is refused', async () => {
    await start({ scale: false });
    const layout = { prefix: '2', codeStart: 2, codeLength: 5, valueStart: 7, valueLength: 6, valueKind: 'weight' };
    const saved = await call<{ pattern: string }>('scale.saveSettings', { interface: '', baudRate: 9600, layout });
    expect(saved.pattern).toBe('2 CCCCC VVVVVV D');
    const sale = await call('sales.scan', { text: label('200007001250') });
    expect(sale.lines[0]).toMatchObject({ quantity: 1250, grossCents: 4988 }); // 1,250 kg × 39,90 = 49,875 → 49,88
    const overlap = await fail('scale.saveSettings', { interface: '', baudRate: 9600, layout: { ...layout, codeLength: 6 } });
    expect(overlap).toMatchObject({ code: 'scale.layout', message: expect.stringContaining('sobrepor') });
    expect((await fail('scale.saveSettings', { interface: '/etc/passwd', baudRate: 9600, layout })).code).toBe('scale.interface');
  });

  it('"Consulta de preço" shows the product and the decoded label without adding anything', async () => {
    await start({ scale: false });
    const check = await call<Record<string, unknown>>('catalog.priceCheck', { text: label('200007001397') });
    expect(check).toMatchObject({ code: 7, description: 'Queijo Minas Frescal kg', unit: 'KG', fractional: true, priceCents: 3990, label: { quantity: 350, totalCents: 1397 } });
    expect(await call('catalog.priceCheck', { text: '4' })).toMatchObject({ code: 4, priceCents: 479, unit: 'UN', label: null });
    expect(lineRows()).toEqual([]);
  });
});

describe('a KG product read from the scale', () => {
  it('stable → line; unstable, empty and negative → what to do; the scale received one ENQ per try', async () => {
    await start();
    scale!.set({ grams: 1250 });
    let sale = await call('sales.scan', { text: QUEIJO_EAN });
    expect(sale.lines[0]).toMatchObject({ quantity: 1250, grossCents: 4988 });
    scale!.set({ mode: 'unstable' });
    expect(await fail('sales.scan', { text: QUEIJO_EAN })).toMatchObject({ code: 'scale.unstable', message: 'Peso instável, aguarde' });
    scale!.set({ mode: 'stable', grams: 0 });
    expect(await fail('sales.scan', { text: QUEIJO_EAN })).toMatchObject({ code: 'scale.empty', message: 'Coloque o produto na balança' });
    scale!.set({ grams: -40 });
    expect(await fail('sales.scan', { text: QUEIJO_EAN })).toMatchObject({ code: 'scale.empty' });
    // F2 search picks the product without a quantity: the same reading.
    scale!.set({ grams: 350 });
    sale = await call('sales.addProduct', { code: 7 });
    expect(sale.lines.map((l) => l.quantity)).toEqual([1250, 350]);
    expect(scale!.state().enqReceived).toBe(5);
    const reading = await call<{ kind: string; grams: number }>('scale.read');
    expect(reading).toMatchObject({ kind: 'stable', grams: 350, message: 'Peso estável: 0,350 kg' });
  });

  it('no scale or no answer → "scale.weightNeeded" with the product; the typed weight then makes the line', async () => {
    await start();
    scale!.set({ mode: 'silent' });
    const silent = await fail('sales.scan', { text: QUEIJO_EAN });
    expect(silent).toMatchObject({ code: 'scale.weightNeeded', details: { productCode: 7, unit: 'KG', priceCents: 3990 } });
    expect(silent.message).toMatch(/não respondeu/);
    await call('scale.saveSettings', { interface: 'nenhuma', baudRate: 9600, layout: { prefix: '2', codeStart: 2, codeLength: 5, valueStart: 7, valueLength: 6, valueKind: 'price' } });
    const none = await fail('sales.scan', { text: QUEIJO_EAN });
    expect(none).toMatchObject({ code: 'scale.weightNeeded', message: expect.stringContaining('Nenhuma balança') });
    const sale = await call('sales.addProduct', { code: 7, quantity: 420 });
    expect(sale.lines[0]).toMatchObject({ quantity: 420, grossCents: 1676 }); // 16,758 → 16,76
    expect(scale!.state().enqReceived).toBe(1);
  });
});

describe('everywhere the quantity travels', () => {
  it('finalized: Minhas vendas counts a weighed line as 1 item; the receipt prints the kg line', async () => {
    await start({ scale: false });
    await call('sales.scan', { text: `0,350*${QUEIJO_EAN}` });
    await call('sales.scan', { text: '2*4' });
    const paid = await call('sales.addPayment', { formCode: 1, amountCents: 2500 });
    expect(paid.totals).toMatchObject({ netCents: 1397 + 958, itemCount: 3 });
    const { sale } = await call<{ sale: Sale }>('sales.finalize');
    const list = await call<{ itemCount: number; netCents: number }[]>('sales.list', {});
    expect(list[0]).toMatchObject({ itemCount: 3, netCents: 2355 });
    const preview = await call<{ lines: { text: string }[] }>('printing.preview', { kind: 'sale', saleId: sale.id });
    const text = preview.lines.map((l) => l.text).join('\n');
    expect(text).toContain('0,350 kg x R$ 39,90/kg = R$ 13,97');
    expect(text).toMatch(/2 UN x 4,79\s+9,58/);
  });
});
