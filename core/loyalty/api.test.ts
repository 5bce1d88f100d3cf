import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { createTestCore } from '../../test-support/fixtures';
import { loadConfig } from '../app/config';
import { startHubSandbox, type HubSandbox } from '../../test-support/peers';

/** The loyalty methods through the real dispatcher (what the screen calls): errors come back as values naming the field. */

let dir: string;
let hub: HubSandbox;
let core: Core;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-hubapi-'));
  hub = await startHubSandbox({ port: 0 });
  core = await createTestCore({
    catalogCsv: '',
    config: loadConfig({ BALCAO_DATA_DIR: dir, BALCAO_PORT: '0', BALCAO_SAMPLE_CATALOG: '0', BALCAO_HUB_URL: hub.url }),
    shell: 'test',
    log: () => {},
  });
});
afterEach(async () => {
  core.close();
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const input = { hubEnabled: true, partnerId: 1, companyId: 1, integrationKey: 'chave-123456', environment: 0, active: true };

describe('loyalty API', () => {
  it('save: a wrong field is an error value with its name; a good save returns the masked view; status follows', async () => {
    const bad = await core.dispatch('loyalty.settings.save', { ...input, integrationKey: 'x'.repeat(601) });
    expect(bad).toEqual({
      ok: false,
      error: { code: 'loyalty.invalidSettings', message: 'Chave de Integração com 601 caracteres: o máximo é 600.', details: { field: 'integrationKey' } },
    });
    expect(await core.dispatch('loyalty.status', {})).toEqual({ ok: true, value: { hubEnabled: false, ready: false, partnerName: null, environment: null } });
    const good = await core.dispatch('loyalty.settings.save', input);
    expect(good.ok && (good.value as { companies: { keyHint: string }[] }).companies[0].keyHint).toBe('••••••••3456');
    expect(JSON.stringify(good)).not.toContain('chave-123456');
    expect(await core.dispatch('loyalty.status', {})).toMatchObject({ ok: true, value: { hubEnabled: true, ready: true } });
    expect(fs.statSync(path.join(dir, 'balcao-secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('testConnection reaches the configured hub (BALCAO_HUB_URL) with the saved headers', async () => {
    await core.dispatch('loyalty.settings.save', input);
    const r = await core.dispatch('loyalty.testConnection', {});
    expect(r).toMatchObject({ ok: true, value: { ok: true, kind: 'ok' } });
    expect(hub.control.requests()[0].headers).toMatchObject({ authorization: 'chave-123456', tipo_ambiente: '0' });
  });

  it('a partner base URL saved in the settings wins over BALCAO_HUB_URL', async () => {
    const other = await startHubSandbox({ port: 0 });
    try {
      core.db.prepare('UPDATE hub_partners SET base_url = ? WHERE id = 1').run(other.url);
      await core.dispatch('loyalty.settings.save', input);
      await core.dispatch('loyalty.testConnection', {});
      expect(other.control.requests()).toHaveLength(1);
      expect(hub.control.requests()).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
