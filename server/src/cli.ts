import { parseArgs } from 'node:util';
import type { Db } from './db/db';
import { badRequest } from './errors';
import * as admin from './admin/service';
import { getStoreSettings, setStoreSettings, settingsFromCli } from './admin/settings';

type Opts = Record<string, string | undefined>;

function need(opts: Opts, name: string): string {
  const v = opts[name];
  if (!v) throw badRequest(`Falta --${name}.`);
  return v;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** Each command: its options and what it does; prints one JSON object. */
export const COMMANDS: Record<string, { options: string[]; run(db: Db, o: Opts): Promise<unknown> }> = {
  'store:create': { options: ['name', 'cnpj', 'address'], run: (db, o) => admin.createStore(db, { name: need(o, 'name'), cnpj: need(o, 'cnpj'), address: o.address }) },
  'store:list': { options: [], run: (db) => admin.listStores(db) },
  'till:create': { options: ['store', 'name'], run: (db, o) => admin.createTill(db, { storeId: need(o, 'store'), name: need(o, 'name') }) },
  'till:rotate': { options: ['till'], run: (db, o) => admin.rotateTillSecret(db, need(o, 'till')) },
  'till:revoke': { options: ['till'], run: (db, o) => admin.revokeTill(db, need(o, 'till')) },
  'user:create': {
    options: ['store', 'name', 'role', 'pin'],
    run: (db, o) => admin.createUser(db, { storeId: need(o, 'store'), name: need(o, 'name'), role: need(o, 'role'), pin: need(o, 'pin') }),
  },
  'apikey:create': {
    options: ['name', 'scopes', 'stores'],
    run: (db, o) => admin.createApiKey(db, { name: need(o, 'name'), scopes: list(need(o, 'scopes')), storeIds: list(o.stores) }),
  },
  'settings:set': {
    options: ['store', 'payment-forms', 'discount-limit', 'tolerance', 'receipt-name', 'receipt-cnpj', 'receipt-address'],
    run: async (db, o) => {
      const storeId = need(o, 'store');
      return setStoreSettings(db, storeId, settingsFromCli(o, await getStoreSettings(db, storeId)));
    },
  },
  'settings:get': { options: ['store'], run: async (db, o) => ({ storeId: need(o, 'store'), settings: await getStoreSettings(db, need(o, 'store')) }) },
  'apikey:rotate': { options: ['key'], run: (db, o) => admin.rotateApiKey(db, need(o, 'key')) },
  'apikey:revoke': { options: ['key'], run: (db, o) => admin.revokeApiKey(db, need(o, 'key')) },
};

export const USAGE = `Retaguarda Balcão
  npm run server                                   inicia o servidor (RETAGUARDA_PORT, padrão 5200)
  npm run server -- store:create --name N --cnpj C [--address E]
  npm run server -- store:list
  npm run server -- till:create --store ID --name N      → {"tillId","secret"} (segredo mostrado uma vez)
  npm run server -- till:rotate --till ID | till:revoke --till ID
  npm run server -- user:create --store ID --name N --role caixa|gerente --pin 1234
  npm run server -- settings:set --store ID [--payment-forms 1,3,4,17] [--discount-limit 10] [--tolerance 5,00]
                     [--receipt-name N] [--receipt-cnpj C] [--receipt-address E]   (configurações da loja nos caixas)
  npm run server -- settings:get --store ID
  npm run server -- apikey:create --name N --scopes ${admin.SCOPES.join(',')} [--stores ID,ID]
  npm run server -- apikey:rotate --key K | apikey:revoke --key K   (a chave inteira ou o seu id)`;

/** Parses `command --opt value …` (throws a pt-BR error for anything unknown). */
export function parseCommand(argv: string[]): { name: string; opts: Opts } {
  const [name, ...rest] = argv;
  const cmd = COMMANDS[name];
  if (!cmd) throw badRequest(`Comando desconhecido: ${name}\n${USAGE}`);
  let values: Opts;
  try {
    values = parseArgs({
      args: rest,
      options: Object.fromEntries(cmd.options.map((o) => [o, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values as Opts;
  } catch (err) {
    throw badRequest(`${(err as Error).message}\n${USAGE}`);
  }
  return { name, opts: values };
}

export async function runCommand(db: Db, argv: string[]): Promise<unknown> {
  const { name, opts } = parseCommand(argv);
  return COMMANDS[name].run(db, opts);
}
