import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open';
import { tempDir } from '../../test-support/fixtures';
import { parseCatalogCsv } from './csv';
import { importCatalogCsv } from './import';
import { CatalogRepo } from './repo';
import { byteChunks, detectEncoding, fileChunks, importCatalogStream } from './stream-import';

const now = () => new Date('2026-01-02T10:00:00Z');
/** A valid EAN-13 (check digit computed) for n. */
const ean13 = (n: number) => {
  const body = String(789100000000 + n);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + ((10 - (sum % 10)) % 10);
};
const db = (): Db => openDatabase(path.join(tempDir(), 'balcao.db'));
const dump = (d: Db) => ({
  products: d.prepare('SELECT code, description, price_cents, unit FROM products ORDER BY code').all(),
  eans: d.prepare('SELECT ean, code FROM product_eans ORDER BY ean').all(),
  fts: d.prepare(`SELECT rowid FROM products_fts WHERE products_fts MATCH '"pão"*' ORDER BY rowid`).all(),
});

const CSV = [
  'codigo;ean;descricao;preco;unidade',
  '1;7891234567895;Pão de Forma Ñandú 500g;8,99;PCT',
  '2;7896005800010;"Feijão ""Carioca""\r\nCamil 1kg";8,49;UN',
  '3;96385074;Açúcar União;abc;UN',
  '4;7891000100103;Leite Condensado Moça;7,99;UN',
  '1;7894900011517;Código repetido;1,00;UN',
  '5;7891000100103;EAN repetido;1,00;UN',
  '6;;Pão Francês kg;15,90;KG',
  '',
  '7;7891910000197;Café Pilão 500g;18,90;PCT',
].join('\r\n');

describe('streaming catalog import', () => {
  it('gives the same rows, errors by line and index as the whole-file import, fed 7 bytes at a time in 2-row batches', async () => {
    const bytes = Buffer.from(CSV, 'utf8');
    const whole = db();
    const expected = importCatalogCsv(whole, bytes, now);
    const streamed = db();
    const progress: [number, number][] = [];
    let pauses = 0;
    const report = await importCatalogStream(streamed, () => byteChunks(bytes, 7), {
      now,
      totalBytes: bytes.length,
      batchRows: 2,
      onProgress: (d, t) => progress.push([d, t]),
      pause: async () => void pauses++,
    });
    expect({ ...report, millis: 0 }).toEqual({ ...expected, millis: 0 });
    expect(report.errors.map((e) => e.line)).toEqual([5, 7, 8]);
    expect(report.errors[1].message).toBe('código 1 repetido (já na linha 2); linha ignorada');
    expect(report.errors[2].message).toBe('EAN 7891000100103 repetido (já na linha 6); linha ignorada');
    expect(dump(streamed)).toEqual(dump(whole));
    expect(new CatalogRepo(streamed).getByCode(2)?.description).toBe('Feijão "Carioca" Camil 1kg');
    expect(pauses).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([report.total, report.total]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
  });

  it('detects Latin-1 anywhere in the file (not only at the start) and UTF-8 split across chunks', () => {
    const utf8 = Buffer.from('codigo;descricao;preco\n1;' + 'ã'.repeat(5000) + ';1,00\n', 'utf8');
    expect(detectEncoding(() => byteChunks(utf8, 3))).toBe('utf-8');
    expect(detectEncoding(() => byteChunks(utf8, 1024))).toBe('utf-8');
    const latin = Buffer.concat([Buffer.from('codigo;descricao;preco\n' + '1;Arroz;1,00\n'.repeat(2000)), iconv.encode('2;Feijão;2,00\n', 'win1252')]);
    expect(detectEncoding(() => byteChunks(latin, 1000))).toBe('windows-1252');
  });

  it('re-imports from a file in batches: updates by code, moves EANs and says so, keeps the index in step', async () => {
    const d = db();
    importCatalogCsv(d, Buffer.from('codigo;ean;descricao;preco\n1;7891234567895;Arroz 5kg;27,90\n2;96385074;Feijão;8,49\n'), now);
    const file = path.join(tempDir(), 'c.csv');
    fs.writeFileSync(file, iconv.encode('codigo;ean;descricao;preco\n2;96385074;Feijão;8,49\n3;7891234567895;Pão Doce;5,00\n1;;Arroz Tio João 5kg;28,90\n', 'win1252'));
    const report = await importCatalogStream(d, () => fileChunks(file, 16), { now, totalBytes: fs.statSync(file).size, batchRows: 1 });
    expect(report).toMatchObject({ total: 3, inserted: 1, updated: 2, errorCount: 0, warningCount: 1 });
    // The line WAS imported: an EAN moving between products is a warning of its own, not an error.
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([{ line: 3, message: 'EAN 7891234567895 passou do produto 1 para o 3' }]);
    const repo = new CatalogRepo(d);
    expect(repo.lookup('7891234567895')?.description).toBe('Pão Doce');
    expect(repo.search('tio joao').map((p) => p.code)).toEqual([1]);
  });

  it('a first load serves reads between batches, ends with the EAN index in place and the caches as they were', async () => {
    const d = db();
    const cache = d.pragma('cache_size', { simple: true });
    const tempCache = d.pragma('temp.cache_size', { simple: true });
    const lines = ['codigo;ean;descricao;preco'];
    for (let i = 1; i <= 50; i++) lines.push(`${i};${ean13(i)};Produto ${i} Xyz;1,00`);
    const bytes = Buffer.from(lines.join('\n'));
    const repo = new CatalogRepo(d);
    const seen: number[] = [];
    await importCatalogStream(d, () => byteChunks(bytes, 100), {
      now,
      totalBytes: bytes.length,
      batchRows: 10,
      pause: async () => void seen.push(repo.stats().products),
    });
    // Each pause saw the batches committed so far (a batch closes at the first chunk end past 10 rows).
    expect(seen[0]).toBeGreaterThanOrEqual(10);
    expect(seen[0]).toBeLessThan(15);
    expect(seen.filter((n) => n < 50).length).toBeGreaterThan(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.at(-1)).toBe(50);
    expect(d.pragma('cache_size', { simple: true })).toBe(cache);
    expect(d.pragma('temp.cache_size', { simple: true })).toBe(tempCache);
    expect(d.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'product_eans' AND type = 'index' AND sql IS NOT NULL`).all()).toEqual([
      { name: 'product_eans_code' },
    ]);
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(repo.lookup(ean13(37))?.code).toBe(37);
    expect(repo.getByCode(37)?.eans).toEqual([ean13(37)]);
    expect(repo.search('produto xyz').length).toBe(20);
  });

  it('a file without the required columns imports nothing and says why, on line 1', async () => {
    const d = db();
    const bytes = Buffer.from('a;b\n1;2\n');
    const r = await importCatalogStream(d, () => byteChunks(bytes), { now, totalBytes: bytes.length });
    expect(r).toMatchObject({ inserted: 0, errorCount: 1, errors: [{ line: 1, message: expect.stringMatching(/^Cabeçalho sem/) }] });
    expect(parseCatalogCsv(bytes).errors).toEqual(r.errors);
  });
});
