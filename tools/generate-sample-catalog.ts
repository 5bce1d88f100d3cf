/**
 * Deterministic generator of Brazilian retail catalogs (seeded PRNG, no clock).
 *
 *   npx tsx tools/generate-sample-catalog.ts                 → resources/catalog-sample.csv (2,400 products)
 *   npx tsx tools/generate-sample-catalog.ts --rows 1000000 --out /tmp/c.csv
 *
 * Format: header `codigo;ean;descricao;preco;unidade`, `;` separator, UTF-8,
 * decimal comma, EANs separated by `|` when a product has two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCheckDigit } from '../shared/ean';
import { EXTRA_PACKS, PRODUCT_LINES, type ProductLine } from './catalog-data';

export const SAMPLE_ROWS = 2400;
export const DEFAULT_SEED = 20_260_101;
export const CSV_HEADER = 'codigo;ean;descricao;preco;unidade';

/** mulberry32: tiny, fast, good enough for test data; same seed → same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface Combo {
  line: ProductLine;
  description: string;
  priceCents: number;
}

function combos(): Combo[] {
  const out: Combo[] = [];
  for (const line of PRODUCT_LINES) {
    for (const variant of line.variants) {
      for (const brand of line.brands) {
        // Brands sit in a price band of their own: 0.82..1.30 of the line's base.
        const brandFactor = 0.82 + (hashString(brand) % 1000) / 2083;
        const variantFactor = 1 + (hashString(variant) % 100) / 1000;
        for (const [size, mult] of line.sizes) {
          const description = [line.name, variant, brand, size].filter(Boolean).join(' ').replace(/\s+/g, ' ');
          out.push({ line, description, priceCents: line.baseCents * mult * brandFactor * variantFactor });
        }
      }
    }
  }
  return out;
}

/** Shelf prices end in ,x9 or ,90 as in Brazilian supermarkets. */
function shelfPrice(raw: number, r: number): number {
  const cents = Math.max(99, Math.round(raw));
  if (r < 0.5) return Math.floor(cents / 10) * 10 + 9;
  return Math.max(90, Math.floor(cents / 100) * 100 + 90);
}

/** The primary EAN-13 of the i-th generated product (789 prefix, unique for i < 10⁹). */
export function primaryEan13(i: number): string {
  const body = (i * 7_654_321 + 12_345) % 1_000_000_000; // odd multiplier coprime with 10⁹: a bijection
  return withCheckDigit('789' + String(body).padStart(9, '0'));
}

/** The second EAN-13 some products carry (790 prefix, another bijection). */
export function secondaryEan13(i: number): string {
  const body = (i * 3_141_593 + 777) % 1_000_000_000;
  return withCheckDigit('790' + String(body).padStart(9, '0'));
}

/** The k-th EAN-8 (k < 10⁴). */
export function ean8(k: number): string {
  return withCheckDigit('789' + String((k * 7919 + 11) % 10_000).padStart(4, '0'));
}

export interface GeneratedProduct {
  code: number;
  eans: string[];
  description: string;
  priceCents: number;
  unit: string;
  category: string;
}

/**
 * The catalog of `n` products for a seed. The first rows are the distinct
 * brand × product × size combinations in a seeded order; beyond them (large
 * benchmark catalogs) the same products come in other packagings.
 */
export function* generateCatalog(n: number, seed = DEFAULT_SEED): Generator<GeneratedProduct> {
  const rand = prng(seed);
  const all = combos();
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  let ean8Count = 0;
  for (let i = 0; i < n; i++) {
    const c = all[i % all.length];
    const round = Math.floor(i / all.length);
    const [pack, packFactor] = EXTRA_PACKS[round % EXTRA_PACKS.length];
    const r = rand();
    const eans: string[] = [];
    // In-store short codes (EAN-8) for produce and the bakery; some other products too.
    const shortCode =
      ean8Count < 10_000 && (c.line.category === 'hortifrúti' || c.line.category === 'padaria' || r < 0.01);
    if (shortCode) eans.push(ean8(ean8Count++));
    else eans.push(primaryEan13(i));
    if (r > 0.97) eans.push(secondaryEan13(i)); // ~3% with two barcodes (e.g. unit and promo pack)
    yield {
      code: i + 1,
      eans,
      description: pack ? `${c.description} ${pack}` : c.description,
      priceCents: shelfPrice(c.priceCents * packFactor * (0.95 + rand() * 0.1), rand()),
      unit: c.line.unit,
      category: c.line.category,
    };
  }
}

export function distinctProductCount(): number {
  return combos().length;
}

function csvLine(p: GeneratedProduct): string {
  const price = (p.priceCents / 100).toFixed(2).replace('.', ',');
  const desc = /[;"\n]/.test(p.description) ? `"${p.description.replace(/"/g, '""')}"` : p.description;
  return `${p.code};${p.eans.join('|')};${desc};${price};${p.unit}`;
}

/** The CSV text of a generated catalog (for small catalogs; use writeCatalogCsv for big ones). */
export function catalogCsv(n: number, seed = DEFAULT_SEED): string {
  const lines = [CSV_HEADER];
  for (const p of generateCatalog(n, seed)) lines.push(csvLine(p));
  return lines.join('\n') + '\n';
}

/** Streams a catalog of `n` rows into `file` (1M rows ≈ 75 MB); returns the byte size. */
export function writeCatalogCsv(file: string, n: number, seed = DEFAULT_SEED): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk: string[] = [CSV_HEADER];
    const flush = () => {
      const buf = Buffer.from(chunk.join('\n') + '\n', 'utf8');
      fs.writeSync(fd, buf);
      bytes += buf.length;
      chunk = [];
    };
    for (const p of generateCatalog(n, seed)) {
      chunk.push(csvLine(p));
      if (chunk.length >= 20_000) flush();
    }
    if (chunk.length) flush();
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/**
 * Products sold by weight in the sample (issue 22): KG, price per kg, PLU codes 90001… that the store's
 * label scale prints in its labels (`2 CCCCC VVVVVV D`: 2 90001 001397 D = R$ 13,97 of Queijo Minas).
 * Written after the generated rows of the sample file.
 */
export const WEIGHED_SAMPLE: readonly { code: number; description: string; priceCents: number; unit: string }[] = [
  { code: 90001, description: 'Queijo Minas Frescal (kg)', priceCents: 3990, unit: 'KG' },
  { code: 90002, description: 'Presunto Cozido Fatiado (kg)', priceCents: 4590, unit: 'KG' },
  { code: 90003, description: 'Banana Prata (kg)', priceCents: 699, unit: 'KG' },
  { code: 90004, description: 'Tomate Italiano (kg)', priceCents: 899, unit: 'KG' },
  { code: 90005, description: 'Pão Francês (kg)', priceCents: 1690, unit: 'KG' },
  { code: 90006, description: 'Picanha Bovina (kg)', priceCents: 8990, unit: 'KG' },
];

export function weighedSampleLines(): string[] {
  return WEIGHED_SAMPLE.map((p) => `${p.code};;${p.description};${(p.priceCents / 100).toFixed(2).replace('.', ',')};${p.unit}`);
}

/** The text of resources/catalog-sample.csv: the generated rows, then the weighed products. */
export function sampleCatalogCsv(): string {
  return catalogCsv(SAMPLE_ROWS) + weighedSampleLines().join('\n') + '\n';
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rows = Number(opt('--rows') ?? SAMPLE_ROWS);
  const seed = Number(opt('--seed') ?? DEFAULT_SEED);
  const out = path.resolve(opt('--out') ?? path.join(here, '..', 'resources', 'catalog-sample.csv'));
  if (!Number.isInteger(rows) || rows < 1) {
    console.error('--rows deve ser um inteiro positivo');
    process.exit(1);
  }
  let bytes = writeCatalogCsv(out, rows, seed);
  if (!opt('--rows') && !opt('--seed')) {
    const extra = weighedSampleLines().join('\n') + '\n';
    fs.appendFileSync(out, extra);
    bytes += Buffer.byteLength(extra);
  }
  console.log(`${rows} produtos (${distinctProductCount()} combinações distintas) → ${out} (${(bytes / 1024).toFixed(0)} KB)`);
}
