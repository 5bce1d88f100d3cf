import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../core/app/compose';
import { loadConfig } from '../core/app/config';
import { byteChunks, importCatalogStream } from '../core/catalog/stream-import';

/** A small catalog with valid EANs, for tests that sell. */
export const TEST_CATALOG_CSV = [
  'codigo;ean;descricao;preco;unidade',
  '1;7891234567895;Arroz Tipo 1 Tio João 5kg;29,90;UN',
  '2;7896005800010;Feijão Carioca Camil 1kg;8,49;UN',
  '3;7891000100103;Leite Condensado Moça 395g;7,99;UN',
  '4;96385074;Açúcar Refinado União 1kg;4,79;UN',
  '5;7894900011517;Refrigerante Coca-Cola 2L;10,99;UN',
  '6;7891910000197;Café Pilão Tradicional 500g;18,90;PCT',
  // Sold by weight (issue 22): price per kg; PLU 7 in scale labels (2 00007 VVVVVV D).
  '7;7895550000012;Queijo Minas Frescal kg;39,90;KG',
].join('\n');

export function tempDir(prefix = 'balcao-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The Gerente "Gerente"'s PIN in tests (as E2E_ADMIN_PIN in e2e/fixtures.ts). */
export const TEST_ADMIN_PIN = '123456';

/**
 * A real core over a real SQLite file in a temp dir, with the test catalog imported. Every method needs a
 * session (shared/api access declarations), so the database is set up with the Gerente "Gerente"
 * (TEST_ADMIN_PIN, or the config's adminPin) and the core is logged in as them — also after a restart, which
 * starts locked. `provision: false` keeps a fresh database ("Primeiro acesso"; only public methods answer).
 */
export async function createTestCore(
  opts: Partial<CoreOptions> & { dataDir?: string; catalogCsv?: string; provision?: boolean } = {},
): Promise<Core & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir();
  const base = opts.config ?? loadConfig({ BALCAO_DATA_DIR: dataDir, BALCAO_SAMPLE_CATALOG: '0' });
  const config = opts.provision === false || base.adminPin ? base : { ...base, adminPin: TEST_ADMIN_PIN };
  const core = createCore({ shell: 'test', ...opts, config });
  const users = core.services.users;
  if (users.provisioned() && (!users.session() || users.locked()) && config.adminPin) {
    const gerente = users.state().users.find((u) => u.name === 'Gerente');
    if (gerente) {
      const r = await core.dispatch('users.login', { userId: gerente.id, pin: config.adminPin });
      if (!r.ok) throw new Error(r.error.message);
    }
  }
  const csv = opts.catalogCsv ?? TEST_CATALOG_CSV;
  if (csv && users.provisioned() && core.services.retaguardaSettings.paired()) {
    // A paired till refuses catalog.import (the Retaguarda owns the catalog): the test products go straight into
    // SQLite, after the start-up pull (the catalog snapshot) is over.
    await core.services.retaguardaPull.pull().catch(() => 0);
    await importCatalogStream(core.db, () => byteChunks(Buffer.from(csv)), { now: () => new Date(), totalBytes: Buffer.byteLength(csv) });
  } else if (csv && users.provisioned()) {
    const r = await core.dispatch('catalog.import', { fileName: 'test.csv', contentBase64: Buffer.from(csv).toString('base64') });
    if (!r.ok) throw new Error(r.error.message);
  }
  return Object.assign(core, { dataDir });
}

/**
 * Calls the core as a screen would (the same dispatcher every transport serves) and returns the value;
 * an error value is thrown as an Error "code: message" that also carries `code`.
 */
export async function callCore<T = unknown>(core: Pick<Core, 'dispatch'>, method: string, input: unknown = {}): Promise<T> {
  const r = await core.dispatch(method, input);
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
  return r.value as T;
}

/** Calls the core as a screen would and returns the error value it must answer with (throws when it succeeds). */
export async function failCore(core: Pick<Core, 'dispatch'>, method: string, input: unknown = {}): Promise<{ code: string; message: string }> {
  const r = await core.dispatch(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}
