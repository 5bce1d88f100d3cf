import { PAYMENT_FORM_TABLE, PaymentSettingsInput, STORE_FORM_CODES, type PaymentFormView, type PaymentSettingsView } from '../../shared/api/payments';
import { AppError } from '../kernel/errors';
import type { Db } from '../db/open';
import { maskSecret, type SecretSealer } from '../kernel/sealer';
import type { PaymentConnection } from '../partners/pix/client';

/** The enabled forms (a JSON list of codes); the Retaguarda writes it for a paired till. */
export const FORMS_KEY = 'payments.forms';

const K = {
  baseUrl: 'payments.baseUrl',
  accessKey: 'payments.accessKey',
  secret: 'payments.secretSealed',
  secretHint: 'payments.secretHint',
  clientId: 'payments.clientId',
  wallet: 'payments.wallet',
  forms: FORMS_KEY,
} as const;

export class PaymentSettingsError extends AppError {
  constructor(
    readonly field: 'baseUrl' | 'accessKey' | 'secretKey' | 'clientId' | 'wallet' | 'forms',
    message: string,
  ) {
    super('payments.invalidSettings', message, { field });
  }
}

const HEADER_SAFE = /^[\x21-\x7E]+$/;

export interface PaymentSettingsDeps {
  db: Db;
  sealer: SecretSealer;
  /** BALCAO_PAYMENT_URL or the embedded sandbox. */
  defaultUrl: string | null;
  /** The embedded sandbox's demo credentials (only while none are saved). */
  defaultCredentials?: { accessKey: string; secretKey: string; clientId: string };
}

/** "Pagamentos": API address, Access Key, Secret Key (sealed), Client ID, Carteira, and the enabled payment forms. */
export class PaymentSettingsService {
  private readonly q;
  constructor(private readonly deps: PaymentSettingsDeps) {
    this.q = {
      get: deps.db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      put: deps.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      del: deps.db.prepare(`DELETE FROM settings WHERE key = ?`),
    };
  }

  private get(k: string): string | null {
    return this.q.get.get(k)?.value ?? null;
  }

  enabledForms(): number[] {
    const raw = this.get(K.forms);
    if (!raw) return [...STORE_FORM_CODES];
    try {
      const list = JSON.parse(raw) as unknown;
      return Array.isArray(list) ? STORE_FORM_CODES.filter((c) => list.includes(c)) : [...STORE_FORM_CODES];
    } catch {
      return [...STORE_FORM_CODES];
    }
  }

  forms(): PaymentFormView[] {
    const enabled = new Set(this.enabledForms());
    return PAYMENT_FORM_TABLE.map((f) => ({
      code: f.code,
      label: f.label,
      key: 'key' in f ? f.key : null,
      enabled: enabled.has(f.code),
      api: 'api' in f && f.api === true,
      confirm: 'confirm' in f && f.confirm === true,
    }));
  }

  view(): PaymentSettingsView {
    return {
      baseUrl: this.get(K.baseUrl) ?? '',
      defaultBaseUrl: this.deps.defaultUrl,
      accessKey: this.get(K.accessKey) ?? '',
      hasSecret: this.get(K.secret) !== null,
      secretHint: this.get(K.secretHint),
      clientId: this.get(K.clientId) ?? '',
      wallet: this.get(K.wallet) ?? '',
      forms: this.forms(),
    };
  }

  /** Validates every field first; writes all or nothing. */
  save(raw: unknown): PaymentSettingsView {
    const input = PaymentSettingsInput.parse(raw);
    const baseUrl = input.baseUrl.trim();
    if (baseUrl) {
      let u: URL | null = null;
      try {
        u = new URL(baseUrl);
      } catch {
        u = null;
      }
      if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw new PaymentSettingsError('baseUrl', 'Endereço da API inválido: use um endereço como https://api.shipay.com.br.');
    }
    const accessKey = input.accessKey.trim();
    const secret = input.secretKey.trim();
    const clientId = input.clientId.trim();
    const wallet = input.wallet.trim();
    if (accessKey && !HEADER_SAFE.test(accessKey)) throw new PaymentSettingsError('accessKey', 'Access Key contém espaços ou caracteres inválidos.');
    if (secret && !HEADER_SAFE.test(secret)) throw new PaymentSettingsError('secretKey', 'Secret Key contém espaços ou caracteres inválidos.');
    if (clientId && !HEADER_SAFE.test(clientId)) throw new PaymentSettingsError('clientId', 'Client ID contém espaços ou caracteres inválidos.');
    // The sealed Secret Key belongs to the address it was typed for: a new address needs it typed again, so a
    // changed "Endereço da API" can never make the till send the kept key to another server.
    const urlChanged = (this.get(K.baseUrl) ?? '') !== baseUrl;
    const kept = urlChanged ? null : this.get(K.secret);
    const anyCred = accessKey || secret || clientId || kept !== null;
    if (anyCred && !accessKey) throw new PaymentSettingsError('accessKey', 'Preencha a Access Key.');
    if (anyCred && !secret && kept === null) {
      throw new PaymentSettingsError(
        'secretKey',
        urlChanged && this.get(K.secret) !== null
          ? 'O endereço da API mudou: digite a Secret Key de novo (a chave guardada não é enviada a outro endereço).'
          : 'Preencha a Secret Key.',
      );
    }
    if (anyCred && !clientId) throw new PaymentSettingsError('clientId', 'Preencha o Client ID deste caixa.');
    if (wallet && !/^[a-z0-9_-]{1,64}$/i.test(wallet)) throw new PaymentSettingsError('wallet', 'Carteira inválida: use o nome da carteira (ex.: pix).');
    const forms = STORE_FORM_CODES.filter((c) => input.forms.includes(c));
    if (input.forms.some((c) => !STORE_FORM_CODES.includes(c))) throw new PaymentSettingsError('forms', 'Forma de pagamento desconhecida na lista.');
    if (forms.length === 0) throw new PaymentSettingsError('forms', 'Habilite ao menos uma forma de pagamento.');
    const sealed = secret ? this.deps.sealer.seal(secret).toString('base64') : null;
    this.deps.db.transaction(() => {
      this.q.put.run(K.baseUrl, baseUrl);
      this.q.put.run(K.accessKey, accessKey);
      this.q.put.run(K.clientId, clientId);
      this.q.put.run(K.wallet, wallet);
      this.q.put.run(K.forms, JSON.stringify(forms));
      if (sealed) {
        this.q.put.run(K.secret, sealed);
        this.q.put.run(K.secretHint, maskSecret(secret));
      } else if (urlChanged) {
        this.q.del.run(K.secret);
        this.q.del.run(K.secretHint);
      }
    })();
    return this.view();
  }

  /** What a call needs; throws a clear message when something is missing. */
  connection(): PaymentConnection {
    const baseUrl = this.get(K.baseUrl) || this.deps.defaultUrl;
    if (!baseUrl) throw new AppError('payment.notConfigured', 'Endereço da API de pagamento não configurado: preencha "Endereço da API" em Configurações > Pagamentos.');
    const accessKey = this.get(K.accessKey);
    const sealed = this.get(K.secret);
    const clientId = this.get(K.clientId);
    const wallet = this.get(K.wallet) || null;
    if (accessKey && sealed && clientId) {
      let secretKey: string;
      try {
        secretKey = this.deps.sealer.open(Buffer.from(sealed, 'base64'));
      } catch {
        throw new AppError('payment.notConfigured', 'Não foi possível abrir a Secret Key guardada: digite-a e salve novamente em Configurações > Pagamentos.');
      }
      return { baseUrl, accessKey, secretKey, clientId, wallet };
    }
    const demo = this.deps.defaultCredentials;
    if (demo && !this.get(K.baseUrl)) return { baseUrl, ...demo, wallet };
    throw new AppError('payment.notConfigured', 'Credenciais da API de pagamento não configuradas: preencha Access Key, Secret Key e Client ID em Configurações > Pagamentos.');
  }
}
