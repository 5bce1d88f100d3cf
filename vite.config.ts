import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer build. `base: './'` because Electron loads the page from a
 * custom protocol and the browser host serves it from `/`: relative asset
 * paths work in both.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
