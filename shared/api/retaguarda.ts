import { z } from 'zod';
import { Empty, method } from './define';
import { GERENTE } from './access';

/** Configurações > "Retaguarda": this till's pairing with the store server (issue 23). */
export const RetaguardaView = z.object({
  /** Where the pairing comes from: the environment (BALCAO_RETAGUARDA_*, fleet deployment) wins over the screen. */
  source: z.enum(['ambiente', 'configuracoes', 'nenhum']),
  url: z.string(),
  tillId: z.string(),
  hasSecret: z.boolean(),
  /** Names confirmed by the server at "Conectar" (null until then). */
  storeName: z.string().nullable(),
  tillName: z.string().nullable(),
});
export type RetaguardaView = z.infer<typeof RetaguardaView>;

export const RetaguardaConnect = z
  .object({
    url: z.string().trim().max(300),
    tillId: z.string().trim().max(64),
    /** Empty = keep the secret already saved. */
    secret: z.string().trim().max(200),
  })
  .strict();

export const retaguardaApi = {
  'retaguarda.get': method(Empty, RetaguardaView, GERENTE),
  /** Checks the server and the credential (a signed request) BEFORE saving; the upload then starts. */
  'retaguarda.connect': method(RetaguardaConnect, RetaguardaView, GERENTE),
};
