import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { atomicOutput } from './tools/atomic-output';

/**
 * The renderer build. `base: './'` because Electron loads the page from a
 * custom protocol and the browser host serves it from `/`: relative asset
 * paths work in both.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), atomicOutput()],
  build: {
    outDir: '../dist/renderer',
    // Not emptied: another test run may be serving this folder right now (see tools/atomic-output.ts).
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
  },
});
