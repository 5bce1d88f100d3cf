import { createRetaguardaClient, RetaguardaError, type TillCredentials } from '../../shared/retaguarda/client';
import type { RetaguardaView } from '../../shared/api/retaguarda';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import type { SecretSealer } from '../kernel/sealer';

const KEYS = { url: 'retaguarda.url', tillId: 'retaguarda.tillId', secret: 'retaguarda.secretSealed', store: 'retaguarda.storeName', till: 'retaguarda.tillName' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The till's pairing with the store server: from the environment (BALCAO_RETAGUARDA_*, which wins) or saved by
 * Configurações > "Retaguarda" (the secret sealed like the other partner secrets, never shown back).
 */
export class RetaguardaSettings {
  private readonly get;
  private readonly put;

  constructor(
    private readonly d: { db: Db; sealer: SecretSealer; fromEnv: TillCredentials | null; onChange: () => void; timeoutMs?: number },
  ) {
    this.get = d.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.put = d.db.prepare<[string, string]>('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  private read(key: string): string {
    return this.get.get(key)?.value ?? '';
  }

  /** What the upload uses now (null = the till works alone). */
  credentials(): TillCredentials | null {
    if (this.d.fromEnv) return this.d.fromEnv;
    const url = this.read(KEYS.url);
    const tillId = this.read(KEYS.tillId);
    const sealed = this.read(KEYS.secret);
    if (!url || !tillId || !sealed) return null;
    return { url, tillId, secret: this.d.sealer.open(Buffer.from(sealed, 'base64')) };
  }

  /** Paired (the environment, or "Conectar" saved): the server owns the catalog, users and store settings. */
  paired(): boolean {
    return this.d.fromEnv !== null || Boolean(this.read(KEYS.url) && this.read(KEYS.tillId) && this.read(KEYS.secret));
  }

  view(): RetaguardaView {
    const env = this.d.fromEnv;
    const tillId = env?.tillId ?? this.read(KEYS.tillId);
    return {
      source: env ? 'ambiente' : tillId ? 'configuracoes' : 'nenhum',
      url: env?.url ?? this.read(KEYS.url),
      tillId,
      hasSecret: Boolean(env?.secret ?? this.read(KEYS.secret)),
      storeName: this.read(KEYS.store) || null,
      tillName: this.read(KEYS.till) || null,
    };
  }

  /** "Conectar": a signed request to the server with these values; saved only when the server accepts them. */
  async connect(input: { url: string; tillId: string; secret: string }): Promise<RetaguardaView> {
    if (this.d.fromEnv) {
      throw new AppError('retaguarda.env', 'Este caixa está pareado pelo ambiente (BALCAO_RETAGUARDA_URL, _CAIXA e _SEGREDO): altere lá.');
    }
    const url = input.url.replace(/\/+$/, '');
    if (!/^https?:\/\/[^\s/]+/.test(url)) throw new AppError('retaguarda.url', 'Informe o endereço do servidor, ex.: https://retaguarda.loja.com.br', { field: 'url' });
    if (!UUID.test(input.tillId)) throw new AppError('retaguarda.tillId', 'Informe o código do caixa (o tillId que a retaguarda mostrou ao criar o caixa).', { field: 'tillId' });
    const secret = input.secret || (this.read(KEYS.tillId) === input.tillId ? this.credentials()?.secret ?? '' : '');
    if (!secret) throw new AppError('retaguarda.secret', 'Informe o segredo do caixa (mostrado uma vez ao criar o caixa).', { field: 'secret' });
    let who;
    try {
      who = await createRetaguardaClient({ url, tillId: input.tillId, secret }, { timeoutMs: this.d.timeoutMs ?? 10_000 }).whoami();
    } catch (err) {
      const message = err instanceof RetaguardaError ? err.message : String((err as Error).message);
      throw new AppError('retaguarda.connect', `Não foi possível conectar: ${message}`, { field: err instanceof RetaguardaError && err.credentialProblem ? 'secret' : 'url' });
    }
    this.d.db.transaction(() => {
      this.put.run(KEYS.url, url);
      this.put.run(KEYS.tillId, input.tillId);
      this.put.run(KEYS.secret, this.d.sealer.seal(secret).toString('base64'));
      this.put.run(KEYS.store, who.storeName);
      this.put.run(KEYS.till, who.tillName);
    })();
    this.d.onChange();
    return this.view();
  }
}
