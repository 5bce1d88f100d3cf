import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Writes the renderer build so that a page being served from `dist/renderer`
 * at the same time (another `npm test` in this checkout, a running
 * `npm run serve`) never sees a missing or half-written file:
 * - the output folder is not emptied first (vite's emptyOutDir deleted every
 *   file for the whole build);
 * - each file is written to a temporary name and renamed over the old one
 *   (rename is atomic: a reader gets the old file or the new one, never a
 *   truncated one);
 * - hashed assets of earlier builds are removed only when they are old
 *   (an hour), so a page loaded just before still gets its scripts.
 */
export function atomicOutput(keepOldAssetsMs = 60 * 60_000): Plugin {
  let outDir = '';
  const written = new Set<string>();
  return {
    name: 'balcao-atomic-output',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      for (const [name, item] of Object.entries(bundle)) {
        const file = path.join(outDir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, item.type === 'chunk' ? item.code : item.source);
        fs.renameSync(tmp, file);
        written.add(path.resolve(file));
        delete bundle[name]; // written: vite must not write it again (non-atomically)
      }
    },
    closeBundle() {
      const assets = path.join(outDir, 'assets');
      if (!fs.existsSync(assets)) return;
      const now = Date.now();
      for (const f of fs.readdirSync(assets)) {
        const file = path.resolve(assets, f);
        if (written.has(file)) continue;
        try {
          if (now - fs.statSync(file).mtimeMs > keepOldAssetsMs) fs.rmSync(file, { force: true });
        } catch {
          /* removed meanwhile by another build */
        }
      }
    },
  };
}
