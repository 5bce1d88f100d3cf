import {
  HUB_ENVIRONMENT_LABELS,
  HUB_TOKEN_MAX,
  HubSettingsInput,
  type HubEnvironment,
  type HubSettingsView,
  type LoyaltyStatus,
} from '../../../shared/api/loyalty';
import { formatCnpj, isValidCnpj, onlyDigits } from '../../../shared/cpf';
import { AppError } from '../../kernel/errors';
import type { Db } from '../../db/open';
import { HubNotConfiguredError } from './errors';
import { resolveRoutes, type HubRoute } from './routes';
import { maskSecret, type SecretSealer } from '../../kernel/sealer';
import type { HubConnection } from './transport';

interface PartnerRow {
  id: number;
  name: string;
  product_description: string;
  base_url: string | null;
  routes_json: string | null;
  timeout_ms: number;
}
interface CompanyRow {
  id: number;
  name: string;
  cnpj: string;
  key_sealed: Buffer | null;
  key_hint: string | null;
  environment: number | null;
  active: number | null;
}

const KEY_ENABLED = 'loyalty.hubEnabled';
const KEY_PARTNER = 'loyalty.partnerId';

/** A settings field the cashier must fix; `field` names it for the screen. */
export class SettingsError extends AppError {
  constructor(
    readonly field: 'partnerId' | 'companyId' | 'cnpj' | 'integrationKey' | 'environment',
    message: string,
  ) {
    super('loyalty.invalidSettings', message, { field });
    this.name = 'SettingsError';
  }
}

/** Printable ASCII only: the key travels as an HTTP header. */
const HEADER_SAFE = /^[\x20-\x7E]+$/;

export interface SettingsDeps {
  db: Db;
  sealer: SecretSealer;
  now: () => Date;
  /** BALCAO_HUB_URL or the embedded sandbox; a partner's saved base URL wins. */
  defaultHubUrl: () => string | null;
  /** Overrides the partner's timeout (tests). */
  timeoutMs?: number;
}

/** "Hub Fidelidade (Novo)": the global switch, the partner, and the company's key/environment/active. */
export class HubSettingsService {
  private q;
  /** The integration key last opened, with the sealed value it came from. */
  private opened: { sealed: Buffer; token: string } | null = null;

  constructor(private readonly deps: SettingsDeps) {
    const db = deps.db;
    this.q = {
      getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
      putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      partners: db.prepare<[], PartnerRow>(`SELECT * FROM hub_partners ORDER BY id`),
      partner: db.prepare<[number], PartnerRow>(`SELECT * FROM hub_partners WHERE id = ?`),
      companies: db.prepare<[number], CompanyRow>(
        `SELECT c.id, c.name, c.cnpj, s.key_sealed, s.key_hint, s.environment, s.active
         FROM companies c LEFT JOIN hub_company_settings s ON s.company_id = c.id AND s.partner_id = ?
         ORDER BY c.id`,
      ),
      upsert: db.prepare(
        `INSERT INTO hub_company_settings (partner_id, company_id, key_sealed, key_hint, environment, active, updated_at)
         VALUES (@partnerId, @companyId, @keySealed, @keyHint, @environment, @active, @at)
         ON CONFLICT(partner_id, company_id) DO UPDATE SET
           key_sealed = COALESCE(@keySealed, key_sealed), key_hint = COALESCE(@keyHint, key_hint),
           environment = @environment, active = @active, updated_at = @at`,
      ),
    };
  }

  hubEnabled(): boolean {
    return this.q.getSetting.get(KEY_ENABLED)?.value === '1';
  }

  private savedPartnerId(): number | null {
    const v = this.q.getSetting.get(KEY_PARTNER)?.value;
    return v ? Number(v) : null;
  }

  view(partnerId?: number): HubSettingsView {
    const chosen = partnerId ?? this.savedPartnerId();
    const partner = chosen !== null ? this.q.partner.get(chosen) : undefined;
    return {
      hubEnabled: this.hubEnabled(),
      partners: this.q.partners.all().map((p) => ({ id: p.id, name: p.name, productDescription: p.product_description })),
      partnerId: partner?.id ?? null,
      companies: this.q.companies.all(partner?.id ?? -1).map((c) => ({
        companyId: c.id,
        name: c.name,
        cnpj: c.cnpj,
        cnpjValid: isValidCnpj(c.cnpj),
        hasKey: c.key_sealed !== null,
        keyHint: c.key_hint,
        environment: (c.environment ?? 0) as HubEnvironment,
        active: c.active === 1,
      })),
    };
  }

  /** Every field checked, nothing written: what save writes, and what "Testar conexão" tries. */
  private validate(raw: unknown, opts: { full?: boolean } = {}) {
    const input = HubSettingsInput.parse(raw);
    const key = input.integrationKey.trim();
    const partner = input.partnerId !== null ? this.q.partner.get(input.partnerId) : undefined;
    const needsFullConfig = opts.full || input.hubEnabled || input.active;
    if (input.partnerId !== null && !partner) throw new SettingsError('partnerId', 'Parceiro não encontrado: selecione um parceiro da lista.');
    if (!partner && needsFullConfig) throw new SettingsError('partnerId', 'Selecione o parceiro do Hub Fidelidade.');
    const company = partner ? this.q.companies.all(partner.id).find((c) => c.id === input.companyId) : this.q.companies.all(-1).find((c) => c.id === input.companyId);
    if (!company) throw new SettingsError('companyId', 'Empresa não encontrada.');
    if (needsFullConfig && !isValidCnpj(company.cnpj)) {
      throw new SettingsError('cnpj', `CNPJ da empresa inválido (${formatCnpj(company.cnpj)}): confira os dígitos verificadores no cadastro da empresa.`);
    }
    if (key.length > HUB_TOKEN_MAX) {
      throw new SettingsError('integrationKey', `Chave de Integração com ${key.length} caracteres: o máximo é ${HUB_TOKEN_MAX}.`);
    }
    if (key && !HEADER_SAFE.test(key)) {
      throw new SettingsError('integrationKey', 'Chave de Integração contém caracteres inválidos (acentos, quebras de linha ou caracteres especiais).');
    }
    if (!key && !company.key_sealed && needsFullConfig) throw new SettingsError('integrationKey', 'Preencha a Chave de Integração.');
    return { input, key, partner, company };
  }

  /** Validates every field first; writes all or nothing. */
  save(raw: unknown): HubSettingsView {
    const { input, key, partner, company } = this.validate(raw);
    const sealed = key ? this.deps.sealer.seal(key) : null;
    this.deps.db.transaction(() => {
      this.q.putSetting.run(KEY_ENABLED, input.hubEnabled ? '1' : '0');
      if (partner) {
        this.q.putSetting.run(KEY_PARTNER, String(partner.id));
        this.q.upsert.run({
          partnerId: partner.id,
          companyId: company.id,
          keySealed: sealed,
          keyHint: key ? maskSecret(key) : null,
          environment: input.environment,
          active: input.active ? 1 : 0,
          at: this.deps.now().toISOString(),
        });
      }
    })();
    return this.view(partner?.id);
  }

  status(): LoyaltyStatus {
    const enabled = this.hubEnabled();
    const partnerId = this.savedPartnerId();
    const partner = partnerId !== null ? this.q.partner.get(partnerId) : undefined;
    const company = partner ? this.q.companies.all(partner.id)[0] : undefined;
    return {
      hubEnabled: enabled,
      ready: enabled && !!partner && !!company && company.active === 1 && company.key_sealed !== null,
      partnerName: partner?.name ?? null,
      environment: company?.environment === 0 || company?.environment === 1 ? company.environment : null,
    };
  }

  partnerName(): string | null {
    const id = this.savedPartnerId();
    return id !== null ? (this.q.partner.get(id)?.name ?? null) : null;
  }

  /**
   * Everything a call needs, from the saved settings (the store = the first
   * company). `requireEnabled: false` for "Testar conexão" before switching on.
   */
  connection(route: HubRoute, opts: { requireEnabled?: boolean } = {}): HubConnection {
    const fail = (m: string) => new HubNotConfiguredError(m, route);
    if ((opts.requireEnabled ?? true) && !this.hubEnabled()) throw fail('O novo Hub Fidelidade está desligado nas configurações.');
    const partnerId = this.savedPartnerId();
    const partner = partnerId !== null ? this.q.partner.get(partnerId) : undefined;
    if (!partner) throw fail('Selecione e salve o parceiro em Integração > Hub Fidelidade (Novo).');
    const company = this.q.companies.all(partner.id)[0];
    if (!company?.key_sealed) throw fail('Chave de Integração não configurada: salve as configurações do Hub Fidelidade.');
    if (company.active !== 1) throw fail(`A empresa ${company.name} não está ativa no Hub Fidelidade.`);
    if (!isValidCnpj(company.cnpj)) throw fail(`CNPJ da empresa inválido (${formatCnpj(company.cnpj)}).`);
    return this.build(route, partner, company, null, (company.environment ?? 0) as HubEnvironment);
  }

  /**
   * "Testar conexão" with what is typed on the screen, saving NOTHING: the typed key (or the stored one
   * when the field is blank), the chosen partner, company and environment. Only "Salvar" saves.
   */
  draftConnection(raw: unknown, route: HubRoute): HubConnection {
    const { input, key, partner, company } = this.validate(raw, { full: true });
    return this.build(route, partner!, company, key || null, input.environment);
  }

  /** The name and environment a test of `raw` (typed, unsaved) talks to. */
  draftDescription(raw: unknown): { partnerName: string | null; environmentLabel: string | null } {
    const input = HubSettingsInput.parse(raw);
    const partner = input.partnerId !== null ? this.q.partner.get(input.partnerId) : undefined;
    return { partnerName: partner?.name ?? null, environmentLabel: this.environmentLabel(input.environment) };
  }

  private build(route: HubRoute, partner: PartnerRow, company: CompanyRow, typedKey: string | null, environment: HubEnvironment): HubConnection {
    const fail = (m: string) => new HubNotConfiguredError(m, route);
    const baseUrl = partner.base_url ?? this.deps.defaultHubUrl();
    if (!baseUrl) throw fail('Endereço do Hub Fidelidade não configurado (BALCAO_HUB_URL).');
    let token = typedKey;
    if (token === null) {
      if (!company.key_sealed) throw fail('Chave de Integração não configurada: salve as configurações do Hub Fidelidade.');
      try {
        // Opened once per sealed value (AES/safeStorage per call was visible in the outbox's drain): a new key saved is a new value.
        if (!this.opened?.sealed.equals(company.key_sealed)) this.opened = { sealed: company.key_sealed, token: this.deps.sealer.open(company.key_sealed) };
        token = this.opened!.token;
      } catch {
        throw fail('Não foi possível abrir a Chave de Integração guardada: digite-a e salve novamente.');
      }
    }
    return {
      baseUrl,
      token,
      cnpj: onlyDigits(company.cnpj),
      environment,
      productDescription: partner.product_description,
      timeoutMs: this.deps.timeoutMs ?? partner.timeout_ms,
      routes: resolveRoutes(partner.routes_json ? (JSON.parse(partner.routes_json) as Record<string, string>) : null),
    };
  }

  environmentLabel(env: HubEnvironment): string {
    return HUB_ENVIRONMENT_LABELS[env];
  }
}
