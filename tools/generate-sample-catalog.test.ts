import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidEan } from '../shared/ean';
import { sampleCatalogFile } from '../core/app/paths';
import { parseCatalogCsv } from '../core/catalog/csv';
import { SAMPLE_ROWS, catalogCsv, generateCatalog, sampleCatalogCsv, writeCatalogCsv } from './generate-sample-catalog';

describe('sample catalog generator', () => {
  it('is deterministic and the committed resources/catalog-sample.csv is its output', () => {
    expect(catalogCsv(SAMPLE_ROWS)).toBe(catalogCsv(SAMPLE_ROWS));
    expect(fs.readFileSync(sampleCatalogFile, 'utf8')).toBe(sampleCatalogCsv());
    expect(catalogCsv(50, 1)).not.toBe(catalogCsv(50, 2));
  });

  it('writes big catalogs with unique codes and unique valid EANs that parse without errors', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-gen-')), 'c.csv');
    const n = 30_000; // more than the distinct combinations: exercises the extra packagings
    const bytes = writeCatalogCsv(file, n);
    expect(fs.statSync(file).size).toBe(bytes);
    const p = parseCatalogCsv(fs.readFileSync(file));
    expect(p.errors).toEqual([]);
    expect(p.rows).toHaveLength(n);
    const eans = p.rows.flatMap((r) => r.eans);
    expect(new Set(eans).size).toBe(eans.length);
    expect(eans.every(isValidEan)).toBe(true);
    const gen = [...generateCatalog(n)];
    expect(gen.map((g) => g.eans)).toEqual(p.rows.map((r) => r.eans));
  });
});
