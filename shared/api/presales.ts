import { z } from 'zod';
import { Empty, method } from './define';
import { SESSION } from './access';
import { Sale } from './sales';

/** presales.*: "Pré-venda" (park the open sale, list, recover). Served by core/presales/. */

export const PreSaleSummary = z.object({
  number: z.number().int(),
  customerName: z.string().nullable(),
  itemCount: z.number().int(),
  totalCents: z.number().int(),
  createdAt: z.string(),
});
export type PreSaleSummary = z.infer<typeof PreSaleSummary>;

export const presalesApi = {
  'presales.save': method(Empty, z.object({ number: z.number().int(), next: Sale }), SESSION),
  'presales.list': method(Empty, z.array(PreSaleSummary), SESSION),
  'presales.recover': method(z.object({ number: z.number().int() }), Sale, SESSION),
};
