import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Builds the Electron shell for Node: main as ESM (dist-electron/main.mjs),
 * the sandboxed preload as one CommonJS file (dist-electron/preload.cjs).
 * npm dependencies stay external (shipped in node_modules; better-sqlite3 is
 * rebuilt for Electron's ABI by electron-builder).
 */
const target = process.env.ELECTRON_ENTRY === 'preload' ? 'preload' : 'main';

export default defineConfig({
  build: {
    ssr: target === 'main' ? 'electron/main.ts' : 'electron/preload.ts',
    outDir: 'dist-electron',
    emptyOutDir: target === 'main',
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: {
        format: target === 'main' ? 'es' : 'cjs',
        entryFileNames: target === 'main' ? 'main.mjs' : 'preload.cjs',
      },
    },
  },
  ssr: { noExternal: target === 'preload' ? true : undefined },
});
