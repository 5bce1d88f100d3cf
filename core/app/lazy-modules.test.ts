import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './paths';

/**
 * Libraries the app loads at their first use, not at start (README "Start"):
 * a static value import anywhere in what the app bundles would load them on
 * every start again (exceljs ~7 MB of heap, axios ~3 MB, the printer driver, the payment
 * sandbox's QR encoder).
 */
const LAZY = ['exceljs', 'axios', 'node-thermal-printer', 'date-fns', 'qrcode'];
const ROOTS = ['core', 'shared', 'sandboxes', 'electron', 'tools/start.ts'];

function sources(p: string): string[] {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return /\.tsx?$/.test(p) && !/\.test\.tsx?$/.test(p) ? [p] : [];
  return fs.readdirSync(p).flatMap((name) => sources(path.join(p, name)));
}

describe('modules loaded on first use', () => {
  it('are never imported as values by what the app bundles', () => {
    const found: string[] = [];
    for (const file of ROOTS.flatMap((r) => sources(path.join(projectRoot, r)))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
        // date-fns: its per-function entries only (the barrel evaluates every function).
        if (LAZY.includes(m[1])) found.push(`${path.relative(projectRoot, file)}: ${m[1]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
