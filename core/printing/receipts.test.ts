import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoyaltyReceiptData } from '../../shared/api/printing';
import type { Sale } from '../../shared/api/sales';
import { formatBRL } from '../../shared/money';
import { createTestCore } from '../../test-support/fixtures';
import type { Core } from '../app/compose';
import { decodeEscPos, type DecodedJob } from './decoder';
import { ReceiptBuilder, asciiOnly, printable, wrap } from './layout';
import { buildCancellationReceipt, buildLoyaltyReceipt, buildSaleReceipt, buildTestPage, saleBarcode, saleNumber, type StoreHeader } from './receipts';
import { sellCash, sellMixed, sellPix } from '../../test-support/sell';

const store: StoreHeader = {
  name: 'Mercadinho São João',
  cnpj: '54517628001593',
  address: 'Avenida dos Limões, 1200 - Centro - Conceição do Araguaia/PA',
};

let core: Core;
let cash: Sale;
let pix: Sale;
let mixed: Sale;

beforeAll(async () => {
  core = await createTestCore({ log: () => undefined });
  await core.dispatch('printing.saveSettings', { ...core.services.printing.settings(), autoPrint: false });
  cash = sellCash(core);
  pix = sellPix(core);
  mixed = sellMixed(core);
});
afterAll(() => core.close());

const texts = (d: DecodedJob) => d.lines.map((l) => l.text);
const find = (d: DecodedJob, start: string) => d.lines.find((l) => l.text.startsWith(start))?.text;

function checkCommon(d: DecodedJob, width: number) {
  expect(d.unknown).toEqual([]);
  for (const l of d.lines) expect(l.columns, `linha longa demais: "${l.text}"`).toBeLessThanOrEqual(width);
  expect(d.cuts).toBe(1);
  expect(d.endsWithCut).toBe(true);
  expect(texts(d)).toContain('NÃO É DOCUMENTO FISCAL');
  // every job starts with ESC @ then the code page
  expect(d.events[0]).toEqual({ kind: 'init' });
  expect(d.events[1]).toMatchObject({ kind: 'codePage', name: 'CP860' });
}

for (const paperMm of [58, 80] as const) {
  const width = paperMm === 58 ? 32 : 48;
  const opts = { type: 'EPSON' as const, paperMm, characterSet: 'PC860_PORTUGUESE' as const, cut: true };

  describe(`receipts at ${width} columns`, () => {
    it('sale receipt (cash): items wrapped, discounts, total, change, masked CPF, drawer pulse', () => {
      const sale = { ...cash, customerCpf: '12345678909' };
      const d = decodeEscPos(buildSaleReceipt(sale, store, { ...opts, drawer: true, barcode: true }));
      checkCommon(d, width);
      const all = d.text;
      expect(all).toContain('Feijão Carioca Camil 1kg');
      expect(all).toContain('Açúcar Refinado União 1kg');
      expect(all).toContain('Limões');
      expect(all).toContain('Conceição');
      expect(all).toContain('DESCRIÇÃO');
      expect(all).toContain('Obrigado pela preferência!');
      expect(find(d, 'TOTAL')!.endsWith(formatBRL(sale.totals.netCents))).toBe(true);
      expect(find(d, 'Subtotal')!.endsWith(formatBRL(sale.totals.grossCents))).toBe(true);
      expect(find(d, 'Descontos nos itens')!.endsWith(`-${formatBRL(sale.totals.itemDiscountCents)}`)).toBe(true);
      expect(find(d, 'Desconto na venda')!.endsWith('-R$ 5,00')).toBe(true);
      expect(find(d, 'Dinheiro')!.endsWith('R$ 100,00')).toBe(true);
      expect(find(d, 'Troco')!.endsWith(formatBRL(100_00 - sale.totals.netCents))).toBe(true);
      expect(all).toContain('***.456.789-**');
      expect(all).not.toContain('12345678909');
      expect(all).toContain(`Venda ${saleNumber(sale)}`);
      expect(all).toContain('Operador: Gerente'); // who is logged in sells
      expect(d.barcodes).toEqual([{ type: 73, data: saleBarcode(sale) }]);
      expect(d.drawerPulses).toEqual([{ pin: 2, onMs: 50, offMs: 500 }]);
      // the 2 x arroz line: quantity x unit = total
      expect(texts(d).some((t) => /2 UN x 29,90 +59,80$/.test(t))).toBe(true);
    });

    it('sale receipt (PIX): PIX id, no drawer pulse even when the setting is on', () => {
      const d = decodeEscPos(buildSaleReceipt(pix, store, { ...opts, drawer: true, barcode: false, pixQr: '00020126580014BR.GOV.BCB.PIX0136 São' }));
      checkCommon(d, width);
      expect(d.drawerPulses).toEqual([]);
      expect(d.text).toContain('PIX id:');
      expect(d.text.replace(/\s+/g, '')).toContain('E12345678202611231200abcDEF12345');
      expect(find(d, 'PIX Dinâmico')!.endsWith(formatBRL(pix.totals.netCents))).toBe(true);
      expect(find(d, 'Troco')).toBeUndefined();
      expect(d.qrCodes).toEqual(['00020126580014BR.GOV.BCB.PIX0136 Sao']);
    });

    it('sale receipt (card + cash): drawer pulse because part was cash; reprint is "2ª VIA" without pulse', () => {
      const first = decodeEscPos(buildSaleReceipt(mixed, store, { ...opts, drawer: true, barcode: true }));
      checkCommon(first, width);
      expect(first.drawerPulses).toHaveLength(1);
      const again = decodeEscPos(buildSaleReceipt(mixed, store, { ...opts, drawer: false, barcode: true, reprint: true }));
      checkCommon(again, width);
      expect(again.drawerPulses).toHaveLength(0);
      expect(again.text).toContain('2ª VIA');
      expect(find(again, 'TOTAL')!.endsWith(formatBRL(mixed.totals.netCents))).toBe(true);
    });

    it('loyalty receipt: used balance, bonus, available balance, campaign, MensagemComplementar', () => {
      const data: LoyaltyReceiptData = {
        saleId: cash.id,
        customerCpf: '12345678909',
        customerName: 'João Conceição',
        usedCents: 1250,
        bonusCents: 375,
        balanceCents: 4230,
        campaign: { id: 7, description: 'Promoções de Verão — ganhe 5% em bônus' },
        message: 'Parabéns! Seu bônus estará disponível em 24 horas. Promoções válidas até 31/12.',
        transactionId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
        reversal: null,
      };
      const d = decodeEscPos(buildLoyaltyReceipt(data, cash, store, opts));
      checkCommon(d, width);
      const flat = d.text.replace(/\s+/g, ' ');
      expect(flat).toContain('COMPROVANTE FIDELIDADE');
      expect(find(d, 'Saldo total disponível')!.endsWith('R$ 42,30')).toBe(true);
      expect(texts(d).some((t) => t.endsWith('R$ 12,50'))).toBe(true);
      expect(texts(d).some((t) => t.endsWith('R$ 3,75'))).toBe(true);
      expect(flat).toContain('Saldo usado como desconto nesta venda');
      expect(flat).toContain('Bônus gerado para próximas compras');
      expect(flat).toContain('Promoções de Verão - ganhe 5% em bônus');
      expect(flat).toContain('Parabéns! Seu bônus estará disponível em 24 horas. Promoções válidas até 31/12.');
      expect(flat).toContain('***.456.789-**');
      expect(d.drawerPulses).toEqual([]);
    });

    it('loyalty receipt after EstornarVenda shows the reversal', () => {
      const data: LoyaltyReceiptData = {
        saleId: cash.id,
        customerCpf: null,
        customerName: null,
        usedCents: 1250,
        bonusCents: 375,
        balanceCents: 4230,
        campaign: null,
        message: null,
        transactionId: null,
        reversal: { usedReversedCents: 1250, generatedReversedCents: 375, balanceCents: 5105, message: 'Estorno concluído', at: '2026-11-23T12:00:00.000Z' },
      };
      const d = decodeEscPos(buildLoyaltyReceipt(data, cash, store, opts));
      checkCommon(d, width);
      expect(d.text).toContain('ESTORNO');
      expect(find(d, 'Saldo após o estorno')!.endsWith('R$ 51,05')).toBe(true);
    });

    it('cancellation receipt: sale, reason, approver, reversal results', () => {
      const d = decodeEscPos(
        buildCancellationReceipt(
          {
            saleId: cash.id,
            reason: 'Cliente desistiu da compra após conferência do preço',
            approver: 'Gerente Conceição',
            cancelledAt: '2026-11-23T12:00:00.000Z',
            reversals: [
              { label: 'Estorno fidelidade', ok: true, detail: 'R$ 12,50 devolvidos' },
              { label: 'Estorno cartão', ok: false, detail: 'Operadora não respondeu: ação manual' },
            ],
          },
          cash,
          store,
          opts,
        ),
      );
      checkCommon(d, width);
      const flat = d.text.replace(/\s+/g, ' ');
      expect(flat).toContain('CANCELAMENTO DE VENDA');
      expect(flat).toContain('Motivo: Cliente desistiu da compra após conferência do preço');
      expect(flat).toContain('Aprovado por: Gerente Conceição');
      expect(find(d, 'Estorno cartão')!.endsWith('FALHOU')).toBe(true);
      expect(find(d, 'Valor cancelado')!.endsWith(formatBRL(cash.totals.netCents))).toBe(true);
    });

    it('test page', () => {
      const d = decodeEscPos(buildTestPage(store, { ...opts, drawer: false }, new Date()));
      checkCommon(d, width);
      expect(d.text.replace(/\s+/g, ' ')).toContain('ã õ ç é ê á à í ó ú Ç Ã Õ É');
    });
  });
}

describe('Star Line Mode (type STAR)', () => {
  for (const paperMm of [58, 80] as const) {
    it(`sale receipt decodes at ${paperMm === 58 ? 32 : 48} columns: accents, QR, barcode, drawer, cut, nothing unknown`, () => {
      const width = paperMm === 58 ? 32 : 48;
      const bytes = buildSaleReceipt({ ...cash, customerCpf: '12345678909' }, store, {
        type: 'STAR',
        paperMm,
        characterSet: 'PC860_PORTUGUESE',
        cut: true,
        drawer: true,
        barcode: true,
        pixQr: 'PIX-COPIA-E-COLA',
      });
      const d = decodeEscPos(bytes);
      expect(d.unknown).toEqual([]);
      expect(d.codePages[0]).toBe('CP860');
      for (const l of d.lines) expect(l.columns).toBeLessThanOrEqual(width);
      expect(d.text).toContain('Feijão Carioca Camil 1kg');
      expect(d.text).toContain('NÃO É DOCUMENTO FISCAL');
      expect(find(d, 'TOTAL')!.endsWith(formatBRL(cash.totals.netCents))).toBe(true);
      expect(d.lines.find((l) => l.text.startsWith('TOTAL'))!.bold).toBe(true);
      expect(d.lines[0]).toMatchObject({ doubleWidth: true, bold: true, align: 'center' });
      expect(d.qrCodes).toEqual(['PIX-COPIA-E-COLA']);
      expect(d.barcodes.map((b) => b.data)).toEqual([saleBarcode(cash)]);
      expect(d.drawerPulses).toHaveLength(1);
      expect(d.cuts).toBe(1);
      expect(d.endsWithCut).toBe(true);
    });
  }
});

describe('layout engine', () => {
  it('WPC1252 selects ESC t 16 and still decodes the accents', () => {
    const d = decodeEscPos(buildSaleReceipt(cash, store, { type: 'EPSON', paperMm: 80, characterSet: 'WPC1252', cut: true, drawer: false, barcode: false }));
    expect(d.codePages[0]).toBe('CP1252');
    expect(d.text).toContain('Feijão Carioca Camil 1kg');
    expect(d.unknown).toEqual([]);
  });

  it('re-selects the code page after a cut (the library re-initialises the printer there)', () => {
    const b = new ReceiptBuilder({ type: 'EPSON', paperMm: 80, characterSet: 'PC860_PORTUGUESE' });
    b.left('antes ção').cut().left('depois ção');
    const d = decodeEscPos(b.buffer());
    expect(d.lines.filter((l) => l.text.includes('ção')).map((l) => l.text)).toEqual(['antes ção', 'depois ção']);
  });

  it('NFC-normalises (decomposed accents print as one character) and replaces what the code page lacks', () => {
    expect(printable('Ac\u0327u\u0301car', 'PC860_PORTUGUESE')).toBe('Açúcar');
    expect(printable('“ok” — ő ☃', 'PC860_PORTUGUESE')).toBe('"ok" - o ?');
    expect(asciiOnly('Pão ção')).toBe('Pao cao');
  });

  it('wraps words and splits words longer than the line', () => {
    expect(wrap('Leite Condensado Moça 395g', 10)).toEqual(['Leite', 'Condensado', 'Moça 395g']);
    expect(wrap('ABCDEFGHIJKL', 5)).toEqual(['ABCDE', 'FGHIJ', 'KL']);
  });

  it('table rows need whole columns summing to the width', () => {
    const b = new ReceiptBuilder({ type: 'EPSON', paperMm: 58, characterSet: 'PC860_PORTUGUESE' });
    expect(() => b.row([{ text: 'a', cols: 15.5 }, { text: 'b', cols: 16.5 }])).toThrow();
    expect(() => b.row([{ text: 'a', cols: 10 }, { text: 'b', cols: 20 }])).toThrow();
    b.row([{ text: 'a', cols: 10 }, { text: 'b', cols: 22, align: 'RIGHT' }]);
    expect(decodeEscPos(b.buffer()).lines[0].columns).toBe(32);
  });
});
