import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * The browser host + core bundled once for Node (`dist-host/start.mjs`), so
 * `npm start`/`npm run serve` run JavaScript instead of compiling TypeScript
 * with tsx on every start. npm dependencies stay external (node_modules;
 * better-sqlite3 is native). Rebuilt by tools/prestart.mjs only when a source
 * is newer than the bundle.
 */
export default defineConfig({
  build: {
    ssr: 'tools/start.ts',
    outDir: 'dist-host',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: 'start.mjs' },
    },
  },
});
