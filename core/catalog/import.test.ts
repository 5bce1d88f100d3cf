import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogCsv, generateCatalog } from '../../test-support/peers';
import { sampleCatalogFile } from '../app/paths';
import { openDatabase, type Db } from '../db/open';
import { parseCatalogCsv } from './csv';
import { BULK_THRESHOLD, importCatalogCsv, importCatalogRows } from './import';
import { CatalogRepo, ftsQuery } from './repo';
import { loadSampleCatalogIfEmpty } from './sample';

const now = () => new Date('2026-01-02T10:00:00Z');
const ftsQueryOf = (text: string) => ftsQuery(text)!;
const dbs: Db[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
});

function freshDb(): { db: Db; repo: CatalogRepo; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-catalog-'));
  const file = path.join(dir, 'balcao.db');
  const db = openDatabase(file);
  dbs.push(db);
  return { db, repo: new CatalogRepo(db), file };
}

const csv = (lines: string[]) => Buffer.from(['codigo;ean;descricao;preco;unidade', ...lines].join('\n'));

const eansOf = (db: Db, code: number) =>
  (db.prepare('SELECT ean FROM product_eans WHERE code = ? ORDER BY ean').all(code) as { ean: string }[]).map((r) => r.ean);
const ftsCount = (db: Db, match: string) =>
  (db.prepare('SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH ?').get(match) as { n: number }).n;

describe('importCatalogCsv', () => {
  it('imports the good rows, reports the bad ones by line, and the rows are in the database file', () => {
    const { db, repo, file } = freshDb();
    const report = importCatalogCsv(
      db,
      csv(['1;7891234567895;Arroz Tipo 1 5kg;29,90;PCT', '2;7891234567890;EAN ruim;1,00;UN', 'x;;Código ruim;1,00;UN', '4;96385074;Açúcar Refinado União 1kg;4,79;UN']),
      now,
    );
    expect(report).toMatchObject({ total: 4, inserted: 2, updated: 0, errorCount: 2 });
    expect(report.errors.map((e) => e.line)).toEqual([3, 4]);
    db.close();
    dbs.pop();
    // Reopen the file: the import was committed.
    const again = openDatabase(file);
    dbs.push(again);
    const r2 = new CatalogRepo(again);
    expect(r2.lookup('96385074')).toEqual({ code: 4, description: 'Açúcar Refinado União 1kg', priceCents: 479, unit: 'UN', eans: ['96385074'] });
    expect(r2.stats()).toEqual({ products: 2, eans: 2 });
    expect(repo).toBeDefined();
  });

  it('loads the shipped sample into an empty database once', () => {
    const { db, repo } = freshDb();
    const n = loadSampleCatalogIfEmpty(db, sampleCatalogFile, now);
    expect(n).toBeGreaterThanOrEqual(2000);
    expect(loadSampleCatalogIfEmpty(db, sampleCatalogFile, now)).toBe(0);
    const first = parseCatalogCsv(fs.readFileSync(sampleCatalogFile)).rows[0];
    expect(repo.lookup(first.eans[0])?.code).toBe(first.code);
    expect(repo.search('feijao').length).toBeGreaterThan(0);
  });
});

describe('lookup', () => {
  it('finds by EAN-13, EAN-8, a second EAN, and the internal code; unknown → null', () => {
    const { db, repo } = freshDb();
    importCatalogCsv(db, csv(['1;7891234567895|7896005800010;Arroz;29,90;PCT', '42;96385074;Açúcar;4,79;UN', '7;;Pão Francês;0,75;UN']), now);
    expect(repo.lookup('7891234567895')?.code).toBe(1);
    expect(repo.lookup('7896005800010')?.code).toBe(1);
    expect(repo.lookup('96385074')?.code).toBe(42);
    expect(repo.lookup('42')?.description).toBe('Açúcar');
    expect(repo.lookup(' 7 ')).toMatchObject({ code: 7, eans: [] });
    expect(repo.lookup('7891234567890')).toBeNull();
    expect(repo.lookup('999')).toBeNull();
    expect(repo.lookup('abc')).toBeNull();
    expect(repo.getByCode(1)?.eans.sort()).toEqual(['7891234567895', '7896005800010']);
  });

  it("scanLookup: the same product, with the scanned EAN, or the product's first EAN for a typed code", () => {
    const { db, repo } = freshDb();
    importCatalogCsv(db, csv(['1;7896005800010|7891234567895;Arroz;29,90;PCT', '42;96385074;Açúcar;4,79;UN', '7;;Pão Francês;0,75;UN']), now);
    for (const input of ['7891234567895', '7896005800010', '96385074', '42', '1', ' 7 ', '7891234567890', '999', 'abc']) {
      const full = repo.lookup(input);
      const lean = repo.scanLookup(input);
      if (!full) {
        expect(lean).toBeNull();
        continue;
      }
      const c = input.trim();
      const ean = full.eans.includes(c) ? c : (full.eans[0] ?? '');
      expect(lean).toEqual({ code: full.code, description: full.description, priceCents: full.priceCents, unit: full.unit, ean });
    }
    expect(repo.scanLookup('1')?.ean).toBe('7891234567895');
  });
});

describe('search', () => {
  it('finds a product by EAN or internal code too (F2, issue 21)', () => {
    const { db, repo } = freshDb();
    importCatalogCsv(db, csv(['11;7891234567895;Arroz Branco 5kg;27,90;PCT', '12;7896005800010;Feijão 1kg;8,49;PCT', '500;;Leite 500 ml;5,49;UN']), now);
    expect(repo.search('7891234567895').map((p) => p.code)).toEqual([11]);
    expect(repo.search(' 12 ').map((p) => p.code)).toEqual([12]);
    // Code 500 first, then the name that has "500" in it (none other here).
    expect(repo.search('500').map((p) => p.code)).toEqual([500]);
    expect(repo.search('7890000000000')).toEqual([]);
  });

  it('is accent- and case-insensitive, by word prefixes, best match first', () => {
    const { db, repo } = freshDb();
    importCatalogCsv(
      db,
      csv([
        '1;;Açúcar Refinado União 1kg;4,79;UN',
        '2;;Doce de Leite com Açúcar Mascavo;9,90;UN',
        '3;;Feijão Carioca Camil 1kg;8,49;UN',
        '4;;Pão de Açúcar Bolo;5,00;UN',
        '5;;Café Pilão 500g;18,90;PCT',
        '6;;Óleo de Soja Cocamar 900ml;7,99;UN',
        '7;;Refrigerante Coca-Cola Original 2L;11,29;UN',
      ]),
      now,
    );
    expect(repo.search('acucar').map((p) => p.code)).toEqual([1, 4, 2]);
    expect(repo.search('AÇUCAR ref').map((p) => p.code)).toEqual([1]);
    expect(repo.search('feij').map((p) => p.code)).toEqual([3]);
    expect(repo.search('cafe pilao 500').map((p) => p.code)).toEqual([5]);
    expect(repo.search('pao').map((p) => p.code)).toEqual([4]);
    expect(repo.search('coca').map((p) => p.code)).toEqual([7, 6]); // whole word before a prefix
    expect(repo.search('soja oleo').map((p) => p.code)).toEqual([6]);
    expect(repo.search('xyz')).toEqual([]);
    expect(repo.search('  ')).toEqual([]);
    expect(repo.search('"; DROP TABLE products; --')).toEqual([]);
    expect(repo.search('acucar', 1).map((p) => p.code)).toEqual([1]);
  });
});

describe('re-import', () => {
  it('small re-import updates by code: price, description, EANs replaced, FTS in step (incremental path)', () => {
    const { db, repo } = freshDb();
    importCatalogCsv(db, csv(['1;7891234567895|7896005800010;Arroz Tipo 1 Camil 5kg;29,90;PCT', '2;96385074;Feijão Preto 1kg;8,49;PCT']), now);
    const report = importCatalogCsv(
      db,
      csv(['1;7891000100103;Arroz Parboilizado Tio João 5kg;31,50;PCT', '3;;Macarrão Espaguete 500g;4,29;PCT']),
      now,
    );
    expect(report).toMatchObject({ inserted: 1, updated: 1, errorCount: 0 });
    expect(repo.getByCode(1)).toEqual({
      code: 1,
      description: 'Arroz Parboilizado Tio João 5kg',
      priceCents: 3150,
      unit: 'PCT',
      eans: ['7891000100103'],
    });
    expect(eansOf(db, 1)).toEqual(['7891000100103']);
    expect(repo.lookup('7891234567895')).toBeNull();
    expect(repo.lookup('96385074')?.code).toBe(2); // untouched product stays
    expect(repo.search('parboilizado').map((p) => p.code)).toEqual([1]);
    expect(repo.search('camil')).toEqual([]);
    expect(repo.search('macarrao').map((p) => p.code)).toEqual([3]);
    expect(ftsCount(db, 'camil')).toBe(0);
    db.exec(`INSERT INTO products_fts (products_fts) VALUES ('integrity-check')`);
  });

  it('rows identical to the stored ones are not rewritten (updated_at kept), changed ones are', () => {
    const { db } = freshDb();
    importCatalogCsv(db, csv(['1;96385074;A;1,00;UN', '2;;B;2,00;UN']), now);
    const later = () => new Date('2026-03-01T08:00:00Z');
    const report = importCatalogCsv(db, csv(['1;96385074;A;1,00;UN', '2;;B;2,50;UN']), later);
    expect(report).toMatchObject({ inserted: 0, updated: 2 });
    const stamps = db.prepare('SELECT code, price_cents, updated_at FROM products ORDER BY code').all();
    expect(stamps).toEqual([
      { code: 1, price_cents: 100, updated_at: '2026-01-02T10:00:00.000Z' },
      { code: 2, price_cents: 250, updated_at: '2026-03-01T08:00:00.000Z' },
    ]);
  });

  it('an EAN that moves to another product is a warning with the line, counted apart from the errors', () => {
    const { db, repo } = freshDb();
    importCatalogCsv(db, csv(['1;96385074;A;1,00;UN', '2;;B;1,00;UN']), now);
    const report = importCatalogCsv(db, csv(['2;96385074;B;1,00;UN', '3;;C;x;UN']), now);
    expect(report.warnings).toEqual([{ line: 2, message: 'EAN 96385074 passou do produto 1 para o 2' }]);
    expect(report.warningCount).toBe(1);
    expect(report.errors.map((e) => e.line)).toEqual([3]);
    expect(report.errorCount).toBe(1);
    expect(repo.lookup('96385074')?.code).toBe(2);
    expect(repo.getByCode(1)?.eans).toEqual([]);
  });

  it(`large re-import (> ${BULK_THRESHOLD} rows) takes the bulk path and rebuilds the index right`, () => {
    const { db, repo } = freshDb();
    const n = BULK_THRESHOLD + 500;
    const first = importCatalogCsv(db, Buffer.from(catalogCsv(n)), now);
    expect(first).toMatchObject({ inserted: n, errorCount: 0 });
    const gen = [...generateCatalog(n)];
    const probe = gen[123];
    expect(repo.lookup(probe.eans[0])?.code).toBe(probe.code);

    // Re-import: every 10th product renamed and repriced, product 124 gets a new EAN list.
    const rows = parseCatalogCsv(Buffer.from(catalogCsv(n))).rows.map((r, i) =>
      i % 10 === 3 ? { ...r, description: `Produto Renomeado Xptoq ${r.code}`, priceCents: r.priceCents + 100 } : r,
    );
    rows[123] = { ...rows[123], eans: ['7891234567895'] };
    let lastProgress = 0;
    const result = importCatalogRows(db, rows, now, (done) => (lastProgress = done));
    expect(result).toMatchObject({ inserted: 0, updated: n });
    expect(lastProgress).toBe(n);
    const renamed = repo.getByCode(probe.code)!;
    expect(renamed.description).toBe(`Produto Renomeado Xptoq ${probe.code}`);
    expect(renamed.priceCents).toBe(probe.priceCents + 100);
    expect(renamed.eans).toEqual(['7891234567895']);
    expect(repo.lookup(probe.eans[0])).toBeNull();
    expect(repo.search(`xptoq ${probe.code}`)[0].code).toBe(probe.code); // 124 first, then 1244, 12404… (prefixes)
    expect(ftsCount(db, 'xptoq')).toBe(rows.filter((_, i) => i % 10 === 3).length);
    // The old name of the renamed product is gone from the index.
    const oldWords = ftsQueryOf(probe.description.split(' ').slice(0, 2).join(' '));
    // CAST: better-sqlite3 binds numbers as REAL, and FTS5 ignores a REAL rowid constraint.
    const indexed = db.prepare('SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH ? AND rowid = CAST(? AS INTEGER)');
    expect(indexed.get(oldWords, probe.code)).toEqual({ n: 0 });
    expect(indexed.get(oldWords, gen[124].code)).toEqual({ n: gen[124].description.startsWith(probe.description.split(' ')[0]) ? 1 : 0 });
    expect(indexed.get(ftsQueryOf('produto renomeado xptoq'), probe.code)).toEqual({ n: 1 });
    db.exec(`INSERT INTO products_fts (products_fts) VALUES ('integrity-check')`);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  }, 60_000);

  it('the first load into an empty table (bulk path) leaves foreign keys on and consistent', () => {
    const { db, repo } = freshDb();
    const report = importCatalogCsv(db, Buffer.from(catalogCsv(3000)), now);
    expect(report).toMatchObject({ inserted: 3000, updated: 0, errorCount: 0 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(repo.stats().products).toBe(3000);
    db.exec(`INSERT INTO products_fts (products_fts) VALUES ('integrity-check')`);
    expect(repo.search('acucar refinado').every((p) => /Açúcar Refinado/.test(p.description))).toBe(true);
    expect(repo.search('acucar refinado').length).toBeGreaterThan(0);
  });

  it('the first load builds the EAN table\'s by-code index after the rows (same index, used, consistent)', () => {
    const { db, repo } = freshDb();
    const schema = () => db.prepare(`SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'product_eans' ORDER BY name`).all();
    const before = schema();
    const gen = [...generateCatalog(3000)];
    importCatalogCsv(db, Buffer.from(catalogCsv(3000)), now);
    expect(schema()).toEqual(before);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT ean FROM product_eans WHERE code = ?').all(7) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX product_eans_code/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const g of [gen[0], gen[1234], gen[2999]]) {
      expect(repo.getByCode(g.code)?.eans.sort()).toEqual([...g.eans].sort());
      for (const e of g.eans) expect(repo.lookup(e)?.code).toBe(g.code);
    }
    expect(repo.stats().eans).toBe(gen.reduce((n, g) => n + g.eans.length, 0));
  });
});
