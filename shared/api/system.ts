import { z } from 'zod';
import { Empty, method } from './define';
import { PUBLIC } from './access';

export const systemApi = {
  'system.info': method(
    Empty,
    z.object({
      version: z.string(),
      shell: z.enum(['electron', 'browser', 'test']),
      dataDir: z.string(),
      storeName: z.string(),
      operator: z.object({ id: z.number().int(), name: z.string() }),
    }),
    PUBLIC,
  ),
};
