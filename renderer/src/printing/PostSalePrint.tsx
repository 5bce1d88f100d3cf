import { PrintReceiptMenu } from './PrintReceiptMenu';

/** After "Finalizar": "Imprimir comprovante" with its menu, for the sale just finished. */
export function PostSalePrint({ saleId }: { saleId: string }) {
  return <PrintReceiptMenu saleId={saleId} />;
}
