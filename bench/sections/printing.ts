/**
 * Section "impressao": receipt build + encode (a 20-item cash sale laid out
 * with node-thermal-printer and taken as ESC/POS bytes; target ≤ 5 ms), and
 * decoding those bytes for the on-screen preview.
 */
import type { Sale } from '../../shared/api/sales';
import { decodeEscPos } from '../../core/printing/decoder';
import { buildSaleReceipt } from '../../core/printing/receipts';
import { register, sample, stats } from '../lib';

function sampleSale(items = 20): Sale {
  const lines = Array.from({ length: items }, (_, i) => {
    const quantity = (i % 3) + 1;
    const unitPriceCents = 199 + i * 137;
    const grossCents = quantity * unitPriceCents;
    const discountCents = i % 4 === 0 ? Math.round(grossCents / 10) : 0;
    return {
      id: i + 1,
      order: i + 1,
      productCode: 1000 + i,
      ean: '7891234567895',
      description: `Produto de exemplo nº ${i + 1} — Pão de Açúcar, Feijão, Ação e Promoção`,
      unit: 'UN',
      quantity: quantity * 1000,
      fractional: false,
      unitPriceCents,
      grossCents,
      discountCents,
      surchargeCents: 0,
      netCents: grossCents - discountCents,
    };
  });
  const gross = lines.reduce((s, l) => s + l.grossCents, 0);
  const itemDiscount = lines.reduce((s, l) => s + l.discountCents, 0);
  const net = gross - itemDiscount;
  const received = Math.ceil(net / 5000) * 5000;
  return {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'finalizada',
    documentNumber: 123,
    series: '1',
    openedAt: '2026-11-23T12:00:00.000Z',
    finalizedAt: '2026-11-23T12:05:00.000Z',
    cancelledAt: null,
    operator: { id: 1, name: 'Caixa 01' },
    customerCpf: '12345678909',
    lines,
    payments: [{ id: 1, formCode: 1, formName: 'Dinheiro', amountCents: net, receivedCents: received, changeCents: received - net, reference: null }],
    totals: {
      grossCents: gross,
      itemDiscountCents: itemDiscount,
      saleDiscountCents: 0,
      redemptionCents: 0,
      discountTotalCents: itemDiscount,
      surchargeCents: 0,
      netCents: net,
      itemCount: lines.reduce((s, l) => s + l.quantity / 1000, 0),
      paidCents: net,
      remainingCents: 0,
      changeCents: received - net,
    },
  };
}

register('impressao', (ctx) => {
  const sale = sampleSale();
  const store = { name: 'Mercadinho São João', cnpj: '54517628001593', address: 'Avenida dos Limões, 1200 - Centro' };
  const n = ctx.quick ? 200 : 1000;
  for (const paperMm of [80, 58] as const) {
    const opts = { type: 'EPSON' as const, paperMm, characterSet: 'PC860_PORTUGUESE' as const, cut: true, drawer: true, barcode: true };
    const build = stats(sample(n, () => buildSaleReceipt(sale, store, opts), 50));
    const cols = paperMm === 80 ? 48 : 32;
    ctx.record({ name: `cupom build+encode p50 (20 itens, ${cols} col.)`, value: build.p50, unit: 'ms' });
    ctx.record({ name: `cupom build+encode p95 (20 itens, ${cols} col.)`, value: build.p95, unit: 'ms', target: { max: 5, label: '≤ 5 ms' } });
  }
  const bytes = buildSaleReceipt(sale, store, { type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE', cut: true, drawer: true, barcode: true });
  const dec = stats(sample(n, () => decodeEscPos(bytes), 50));
  ctx.record({ name: 'decodificação para a prévia p95', value: dec.p95, unit: 'ms', note: `${bytes.length} bytes` });
});
