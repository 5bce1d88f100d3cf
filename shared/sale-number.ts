/**
 * The ONE presentation of a sale's number, for people: on screen, on the receipt, in print jobs,
 * in Sincronização and in Auditoria — "nº 2", as the cashier saw it at "Venda nº 2 finalizada".
 * A series other than the till's default 1 is named: "nº 2 (série 3)". (The receipt's barcode keeps
 * a machine code, saleBarcode in core/printing.)
 */
export function saleNumber(sale: { series?: string | null; documentNumber?: number | null }): string {
  if (sale.documentNumber === null || sale.documentNumber === undefined) return 'sem número';
  const series = sale.series ?? '1';
  return series === '1' ? `nº ${sale.documentNumber}` : `nº ${sale.documentNumber} (série ${series})`;
}
