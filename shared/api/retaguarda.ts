import { z } from 'zod';
import { Empty, method } from './define';
import { GERENTE, SESSION } from './access';

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

/** What a till paired with the Retaguarda may not change locally: the store server owns it (issue 23). */
export const ServerOwned = z.enum(['catalog', 'users', 'paymentForms', 'discountLimit', 'tolerance', 'receiptHeader']);
export type ServerOwned = z.infer<typeof ServerOwned>;

const PAIRED = 'Este caixa está ligado à retaguarda:';
const STORE_SETTING = 'é configuração da loja; altere na retaguarda (npm run server -- settings:set ou PUT /v1/settings) e ela chega a todos os caixas.';
/** The refusal the core answers and the note the screens show, word for word. */
export const SERVER_OWNED_MESSAGE: Record<ServerOwned, string> = {
  catalog: `${PAIRED} altere produtos e preços no painel da retaguarda (Produtos) ou pela integração (PUT /v1/products).`,
  users: `${PAIRED} crie e altere usuários, papéis e PINs no painel da retaguarda (Usuários).`,
  paymentForms: `${PAIRED} as formas de pagamento ${STORE_SETTING}`,
  discountLimit: `${PAIRED} o limite de desconto ${STORE_SETTING}`,
  tolerance: `${PAIRED} a tolerância do fechamento ${STORE_SETTING}`,
  receiptHeader: `${PAIRED} o cabeçalho do comprovante (nome, CNPJ, endereço) ${STORE_SETTING}`,
};

export const RetaguardaOwnership = z.object({
  /** Paired: the catalog, users and store settings come from the server and are refused here. */
  paired: z.boolean(),
  storeName: z.string().nullable(),
});
export type RetaguardaOwnership = z.infer<typeof RetaguardaOwnership>;

export const retaguardaApi = {
  /** Any screen asks whether to lock what the store server owns (and says where to change it). */
  'retaguarda.ownership': method(Empty, RetaguardaOwnership, SESSION),
  'retaguarda.get': method(Empty, RetaguardaView, GERENTE),
  /** Checks the server and the credential (a signed request) BEFORE saving; the upload then starts. */
  'retaguarda.connect': method(RetaguardaConnect, RetaguardaView, GERENTE),
};
