import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The server never imports the till's core/, renderer/, electron/ or sandboxes/. Pure leaf modules of core/
 * are shared on purpose (so the formats cannot drift): the PIN hash format, the catalog CSV parser (csv.ts
 * and the parts it is made of) and the ESC/POS decoder with its command files (the panel shows the receipt as
 * the till printed it) — and they must stay leaves (only node:, npm packages, shared/ and each other).
 */
const root = path.resolve(__dirname, '../..');
const ESCPOS = fs.readdirSync(path.join(root, 'core/printing/escpos')).filter((f) => /^[\w-]+\.ts$/.test(f) && !f.endsWith('.test.ts'));
const ALLOWED_CORE = new Set([
  'core/users/pin.ts',
  'core/catalog/csv.ts',
  'core/catalog/csv-fields.ts',
  'core/catalog/csv-header.ts',
  'core/catalog/number-line-map.ts',
  'core/printing/decoder.ts',
  ...ESCPOS.map((f) => `core/printing/escpos/${f}`),
]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  return path.relative(root, fs.existsSync(`${base}.ts`) ? `${base}.ts` : base);
}

describe('server boundary', () => {
  it('server/src imports only server/, shared/ and the allowed core leaves (tests may import core to check formats)', () => {
    const bad: string[] = [];
    for (const f of files(path.join(root, 'server/src'))) {
      if (f.endsWith('.test.ts')) continue;
      for (const spec of imports(f)) {
        const target = resolveLocal(f, spec);
        if (!target) continue;
        if (target.startsWith('server/') || target.startsWith('shared/') || ALLOWED_CORE.has(target)) continue;
        bad.push(`${path.relative(root, f)} → ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the shared core modules stay leaves', () => {
    for (const leaf of ALLOWED_CORE) {
      const local = imports(path.join(root, leaf))
        .map((s) => resolveLocal(path.join(root, leaf), s))
        .filter((t): t is string => t !== null && !t.startsWith('shared/') && !ALLOWED_CORE.has(t));
      expect(local, leaf).toEqual([]);
    }
  });
});
